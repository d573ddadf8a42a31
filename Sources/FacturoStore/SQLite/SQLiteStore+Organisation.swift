import FacturoDomain
import Foundation
import GRDB

extension SQLiteStore {
    // MARK: Users

    public func user(email: EmailAddress) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE email = ?", arguments: [email.value]).map(SQLiteRows.user)
        }
    }

    public func createUser(_ new: NewUser, attachment: StructureAttachment?, by actor: AuditActor) async throws -> User {
        try await pool.write { db in
            do {
                try db.execute(
                    sql: "INSERT INTO users (email, display_name, kind, is_platform_admin, password_hash, is_technical, certificate_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [new.email.value, new.displayName, new.kind.rawValue, new.isPlatformAdministrator, new.passwordHash, new.certificateFingerprint != nil, new.certificateFingerprint?.hex]
                )
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError.duplicate(new.certificateFingerprint != nil && error.message?.contains("certificate") == true ? "certificate \(new.certificateFingerprint!)" : "user \(new.email)")
            }
            let user = User(
                id: UserID(rawValue: db.lastInsertedRowID), email: new.email, displayName: new.displayName, kind: new.kind,
                isPlatformAdministrator: new.isPlatformAdministrator, isTechnical: new.certificateFingerprint != nil
            )
            var after: [String: AuditValue] = [
                "email": .text(user.email.value), "name": .text(user.displayName), "kind": .text(user.kind.rawValue),
                "administrator": .flag(user.isPlatformAdministrator),
            ]
            if let fingerprint = new.certificateFingerprint { after["certificate_sha256"] = .text(fingerprint.hex) }
            var structureID: Int64?
            if var attachment {
                attachment.user = user.id
                structureID = try Self.structureID(db, attachment.structure)
                try Self.apply(db, StructureRoster.Change(upserts: [attachment]), to: attachment.structure, actor: actor)
            }
            try SQLiteAudit.record(db, actor: actor, action: user.isTechnical ? "technical_account.create" : "user.create", structureID: structureID, target: user.email.value, after: after)
            return user
        }
    }

    public func users(attachedTo structure: StructureIdentifier?) async throws -> [User] {
        try await pool.read { db in
            guard let structure else {
                return try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY email").map(SQLiteRows.user)
            }
            guard let id = try Self.structureID(db, structure) else { return [] }
            return try Row.fetchAll(
                db, sql: "SELECT users.* FROM users JOIN attachments ON attachments.user_id = users.id WHERE attachments.structure_id = ? ORDER BY email",
                arguments: [id]
            ).map(SQLiteRows.user)
        }
    }

    public func technicalAccount(fingerprint: CertificateFingerprint) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE certificate_fingerprint = ? AND is_technical AND is_active", arguments: [fingerprint.hex])
                .map(SQLiteRows.user)
        }
    }

    public func setUserActive(_ user: UserID, _ active: Bool, by actor: AuditActor) async throws {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [user.rawValue]) else {
                throw StoreError.notFound("user \(user)")
            }
            let current = try SQLiteRows.user(row)
            guard current.isActive != active else { return }
            try db.execute(sql: "UPDATE users SET is_active = ? WHERE id = ?", arguments: [active, user.rawValue])
            try SQLiteAudit.record(
                db, actor: actor, action: current.isTechnical ? "technical_account.\(active ? "activate" : "revoke")" : "user.\(active ? "activate" : "deactivate")",
                structureID: current.isTechnical ? try Self.owningStructure(db, user) : nil,
                target: current.email.value, before: ["active": .flag(!active)], after: ["active": .flag(active)]
            )
        }
    }

    public func setPasswordHash(_ user: UserID, _ hash: String, by actor: AuditActor) async throws {
        try await pool.write { db in
            guard let email = try String.fetchOne(db, sql: "SELECT email FROM users WHERE id = ?", arguments: [user.rawValue]) else {
                throw StoreError.notFound("user \(user)")
            }
            try db.execute(sql: "UPDATE users SET password_hash = ? WHERE id = ?", arguments: [hash, user.rawValue])
            // Never the hash itself: the log says that it changed, and who did it.
            let action = actor.userID == user ? "user.password_change" : "user.password_reset"
            try SQLiteAudit.record(db, actor: actor, action: action, structureID: nil, target: email)
        }
    }

    public func setCertificateFingerprint(_ user: UserID, _ fingerprint: CertificateFingerprint, by actor: AuditActor) async throws {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT email, certificate_fingerprint FROM users WHERE id = ? AND is_technical", arguments: [user.rawValue]) else {
                throw StoreError.notFound("technical account \(user)")
            }
            let before: String = row["certificate_fingerprint"] ?? ""
            guard before != fingerprint.hex else { return }
            do {
                try db.execute(sql: "UPDATE users SET certificate_fingerprint = ? WHERE id = ?", arguments: [fingerprint.hex, user.rawValue])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError.duplicate("certificate \(fingerprint)")
            }
            try SQLiteAudit.record(
                db, actor: actor, action: "technical_account.rebind", structureID: try Self.owningStructure(db, user), target: row["email"],
                before: ["certificate_sha256": .text(before)], after: ["certificate_sha256": .text(fingerprint.hex)]
            )
        }
    }

    /// The structure a technical account belongs to (its one attachment),
    /// so that its managers see its audit lines.
    static func owningStructure(_ db: Database, _ user: UserID) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT structure_id FROM attachments WHERE user_id = ? ORDER BY structure_id LIMIT 1", arguments: [user.rawValue])
    }

    // MARK: Attachments

    private static let attachmentSelect = """
        SELECT attachments.*, structures.identifier_type AS s_type, structures.identifier AS s_identifier
        FROM attachments JOIN structures ON structures.id = attachments.structure_id
        """

    public func rights(of user: UserID) async throws -> UserRights? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [user.rawValue]) else { return nil }
            let account = try SQLiteRows.user(row)
            let attachments = try Row.fetchAll(db, sql: Self.attachmentSelect + " WHERE attachments.user_id = ? ORDER BY s_identifier", arguments: [user.rawValue])
                .map(SQLiteRows.attachment)
            return UserRights(user: account, policy: AccessPolicy(
                isPlatformAdministrator: account.isPlatformAdministrator,
                attachments: attachments,
                habilitations: try Self.habilitations(db, of: user)
            ))
        }
    }

    public func roster(of structure: StructureIdentifier) async throws -> StructureRoster {
        try await pool.read { db in
            guard let id = try Self.structureID(db, structure) else { throw StoreError.notFound("structure \(structure)") }
            let attachments = try Row.fetchAll(db, sql: Self.attachmentSelect + " WHERE attachments.structure_id = ?", arguments: [id]).map(SQLiteRows.attachment)
            return StructureRoster(structure: structure, attachments: attachments)
        }
    }

    public func apply(_ change: StructureRoster.Change, to structure: StructureIdentifier, by actor: AuditActor) async throws {
        try await pool.write { db in try Self.apply(db, change, to: structure, actor: actor) }
    }

    static func apply(_ db: Database, _ change: StructureRoster.Change, to structure: StructureIdentifier, actor: AuditActor) throws {
        guard let structureID = try structureID(db, structure) else { throw StoreError.notFound("structure \(structure)") }
        func email(_ user: UserID) throws -> String {
            guard let email = try String.fetchOne(db, sql: "SELECT email FROM users WHERE id = ?", arguments: [user.rawValue]) else {
                throw StoreError.notFound("user \(user)")
            }
            return email
        }
        func current(_ user: UserID) throws -> StructureAttachment? {
            try Row.fetchOne(db, sql: attachmentSelect + " WHERE attachments.user_id = ? AND attachments.structure_id = ?", arguments: [user.rawValue, structureID])
                .map(SQLiteRows.attachment)
        }
        for user in change.removals {
            guard let before = try current(user) else { continue }
            try db.execute(sql: "DELETE FROM attachments WHERE user_id = ? AND structure_id = ?", arguments: [user.rawValue, structureID])
            try SQLiteAudit.record(db, actor: actor, action: "attachment.remove", structureID: structureID, target: try email(user), before: SQLiteAudit.describe(before))
            // Habilitations live only through an attachment: each one goes, and says so.
            let held = try Row.fetchAll(
                db, sql: habilitationSelect + " WHERE habilitations.user_id = ? AND habilitations.structure_id = ?", arguments: [user.rawValue, structureID]
            ).map(SQLiteRows.habilitation)
            for habilitation in held {
                var consultation = habilitation
                consultation.level = .consultation
                _ = try revoke(db, consultation, actor: actor)
            }
        }
        // Demotions first, so the one-principal index never sees two at once.
        let ordered = change.upserts.sorted { ($0.role == .gestionnairePrincipal ? 1 : 0) < ($1.role == .gestionnairePrincipal ? 1 : 0) }
        for attachment in ordered {
            let before = try current(attachment.user)
            let codes = attachment.serviceCodes.map { $0.sorted().joined(separator: ",") }
            do {
                try db.execute(
                    sql: """
                        INSERT INTO attachments (user_id, structure_id, role, service_codes) VALUES (?, ?, ?, ?)
                        ON CONFLICT (user_id, structure_id) DO UPDATE SET role = excluded.role, service_codes = excluded.service_codes
                        """,
                    arguments: [attachment.user.rawValue, structureID, attachment.role.rawValue, codes]
                )
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError.duplicate("gestionnaire principal de \(structure)")
            }
            try SQLiteAudit.record(
                db, actor: actor, action: before == nil ? "attachment.create" : "attachment.update", structureID: structureID,
                target: try email(attachment.user), before: before.map(SQLiteAudit.describe), after: SQLiteAudit.describe(attachment)
            )
        }
    }

    // MARK: Habilitations

    private static let habilitationSelect = """
        SELECT habilitations.*, structures.identifier_type AS s_type, structures.identifier AS s_identifier
        FROM habilitations JOIN structures ON structures.id = habilitations.structure_id
        """

    public func habilitations(of user: UserID) async throws -> [Habilitation] {
        try await pool.read { db in try Self.habilitations(db, of: user) }
    }

    static func habilitations(_ db: Database, of user: UserID) throws -> [Habilitation] {
        try Row.fetchAll(db, sql: habilitationSelect + " WHERE habilitations.user_id = ? ORDER BY s_identifier, service_code, application", arguments: [user.rawValue])
            .map(SQLiteRows.habilitation)
    }

    public func habilitations(on structure: StructureIdentifier) async throws -> [Habilitation] {
        try await pool.read { db in
            guard let id = try Self.structureID(db, structure) else { return [] }
            return try Row.fetchAll(db, sql: Self.habilitationSelect + " WHERE habilitations.structure_id = ? ORDER BY user_id, service_code, application", arguments: [id])
                .map(SQLiteRows.habilitation)
        }
    }

    public func grant(_ habilitation: Habilitation, by actor: AuditActor) async throws -> Bool {
        try await pool.write { db in try Self.grant(db, habilitation, actor: actor) }
    }

    public func revoke(_ habilitation: Habilitation, by actor: AuditActor) async throws -> Bool {
        try await pool.write { db in try Self.revoke(db, habilitation, actor: actor) }
    }

    private static func heldLevel(_ db: Database, _ habilitation: Habilitation, structureID: Int64) throws -> AccessLevel? {
        try String.fetchOne(
            db, sql: "SELECT level FROM habilitations WHERE user_id = ? AND structure_id = ? AND service_code = ? AND application = ?",
            arguments: [habilitation.user.rawValue, structureID, habilitation.serviceCode ?? "", habilitation.application.rawValue]
        ).flatMap(AccessLevel.init(rawValue:))
    }

    private static func target(_ db: Database, _ habilitation: Habilitation) throws -> String {
        try String.fetchOne(db, sql: "SELECT email FROM users WHERE id = ?", arguments: [habilitation.user.rawValue]) ?? "\(habilitation.user)"
    }

    static func grant(_ db: Database, _ habilitation: Habilitation, actor: AuditActor) throws -> Bool {
        guard let structureID = try structureID(db, habilitation.structure) else { throw StoreError.notFound("structure \(habilitation.structure)") }
        let held = try heldLevel(db, habilitation, structureID: structureID)
        if let held, held.satisfies(habilitation.level) { return false }
        try db.execute(
            sql: """
                INSERT INTO habilitations (user_id, structure_id, service_code, application, level) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (user_id, structure_id, service_code, application) DO UPDATE SET level = excluded.level
                """,
            arguments: [habilitation.user.rawValue, structureID, habilitation.serviceCode ?? "", habilitation.application.rawValue, habilitation.level.rawValue]
        )
        var before = habilitation
        before.level = held ?? habilitation.level
        try SQLiteAudit.record(
            db, actor: actor, action: "habilitation.grant", structureID: structureID, target: try target(db, habilitation),
            before: held == nil ? nil : SQLiteAudit.describe(before), after: SQLiteAudit.describe(habilitation)
        )
        return true
    }

    static func revoke(_ db: Database, _ habilitation: Habilitation, actor: AuditActor) throws -> Bool {
        guard let structureID = try structureID(db, habilitation.structure) else { throw StoreError.notFound("structure \(habilitation.structure)") }
        guard let held = try heldLevel(db, habilitation, structureID: structureID), held.satisfies(habilitation.level) else { return false }
        var before = habilitation
        before.level = held
        let key: StatementArguments = [habilitation.user.rawValue, structureID, habilitation.serviceCode ?? "", habilitation.application.rawValue]
        var after: Habilitation?
        if habilitation.level == .modification {
            // Losing modification keeps consultation: modification implied it.
            try db.execute(sql: "UPDATE habilitations SET level = 'consultation' WHERE user_id = ? AND structure_id = ? AND service_code = ? AND application = ?", arguments: key)
            after = habilitation
            after?.level = .consultation
        } else {
            try db.execute(sql: "DELETE FROM habilitations WHERE user_id = ? AND structure_id = ? AND service_code = ? AND application = ?", arguments: key)
        }
        try SQLiteAudit.record(
            db, actor: actor, action: "habilitation.revoke", structureID: structureID, target: try target(db, habilitation),
            before: SQLiteAudit.describe(before), after: after.map(SQLiteAudit.describe)
        )
        return true
    }

    // MARK: Requests

    private static let requestSelect = """
        SELECT habilitation_requests.*, users.email, structures.identifier_type AS s_type, structures.identifier AS s_identifier
        FROM habilitation_requests
        JOIN users ON users.id = habilitation_requests.user_id
        JOIN structures ON structures.id = habilitation_requests.structure_id
        """

    public func createRequest(_ request: HabilitationRequest, user: UserID, structure: StructureIdentifier, comment: String, by actor: AuditActor) async throws -> StoredRequest {
        try await pool.write { db in
            guard let structureID = try Self.structureID(db, structure) else { throw StoreError.notFound("structure \(structure)") }
            try db.execute(
                sql: "INSERT INTO habilitation_requests (user_id, structure_id, kind, application, level, service_code, comment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [user.rawValue, structureID, request.kind.rawValue, request.application.rawValue, request.level.rawValue, request.serviceCode ?? "", comment, SQLiteAudit.nowMilliseconds()]
            )
            let id = db.lastInsertedRowID
            let stored = try Row.fetchOne(db, sql: Self.requestSelect + " WHERE habilitation_requests.id = ?", arguments: [id]).map(SQLiteRows.request)!
            try SQLiteAudit.record(
                db, actor: actor, action: "request.create", structureID: structureID, target: "demande \(id)",
                after: [
                    "kind": .text(request.kind.rawValue), "application": .text(request.application.rawValue), "level": .text(request.level.rawValue),
                    "service": .text(request.serviceCode ?? ""), "comment": .text(comment),
                ]
            )
            return stored
        }
    }

    /// Newest requests listed at most; the pending count is exact regardless.
    static let requestListLimit = 1000

    public func request(id: Int64) async throws -> StoredRequest? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: Self.requestSelect + " WHERE habilitation_requests.id = ?", arguments: [id]).map(SQLiteRows.request)
        }
    }

    public func requests(of user: UserID?, on structures: [StructureIdentifier]?, pendingOnly: Bool) async throws -> [StoredRequest] {
        try await pool.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let user {
                conditions.append("habilitation_requests.user_id = ?")
                _ = arguments.append(contentsOf: [user.rawValue])
            }
            if let structures {
                let ids = try structures.compactMap { try Self.structureID(db, $0) }
                guard !ids.isEmpty else { return [] }
                conditions.append("habilitation_requests.structure_id IN (\(ids.map(String.init).joined(separator: ",")))")
            }
            if pendingOnly { conditions.append("state = 'pending'") }
            let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(db, sql: Self.requestSelect + whereClause + " ORDER BY habilitation_requests.id DESC LIMIT \(Self.requestListLimit)", arguments: arguments)
                .map(SQLiteRows.request)
        }
    }

    public func pendingRequestCount(on structures: [StructureIdentifier]?, excluding user: UserID) async throws -> Int {
        try await pool.read { db in
            var sql = "SELECT COUNT(*) FROM habilitation_requests WHERE state = 'pending' AND user_id != ?"
            if let structures {
                let ids = try structures.compactMap { try Self.structureID(db, $0) }
                guard !ids.isEmpty else { return 0 }
                sql += " AND structure_id IN (\(ids.map(String.init).joined(separator: ",")))"
            }
            return try Int.fetchOne(db, sql: sql, arguments: [user.rawValue]) ?? 0
        }
    }

    public func decide(_ decided: StoredRequest, by actor: AuditActor) async throws {
        try await pool.write { db in
            let (deciderID, comment): (Int64?, String) = switch decided.request.state {
            case let .approved(by, comment), let .refused(by, comment): (by.rawValue, comment)
            case .withdrawn, .pending: (nil, "")
            }
            try db.execute(
                sql: "UPDATE habilitation_requests SET state = ?, decided_by_id = ?, decided_by = ?, decision_comment = ?, decided_at = ? WHERE id = ? AND state = 'pending'",
                arguments: [decided.request.state.storedName, deciderID, actor.label, comment, SQLiteAudit.nowMilliseconds(), decided.id]
            )
            guard db.changesCount == 1 else { throw StoreError.conflict("demande \(decided.id)") }
            let structureID = try Self.structureID(db, decided.structure)
            try SQLiteAudit.record(
                db, actor: actor, action: "request.\(decided.request.state.storedName)", structureID: structureID, target: "demande \(decided.id)",
                before: ["state": "pending"], after: ["state": .text(decided.request.state.storedName), "comment": .text(comment)]
            )
            if case .approved = decided.request.state {
                let habilitation = Habilitation(
                    user: decided.user, structure: decided.structure, serviceCode: decided.request.serviceCode,
                    application: decided.request.application, level: decided.request.level
                )
                switch decided.request.kind {
                case .add: _ = try Self.grant(db, habilitation, actor: actor)
                case .remove: _ = try Self.revoke(db, habilitation, actor: actor)
                }
            }
        }
    }

    // MARK: Audit

    public func auditEntries(structure: StructureIdentifier?, limit: Int, beforeID: Int64?) async throws -> [AuditEntry] {
        try await pool.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let structure {
                guard let id = try Self.structureID(db, structure) else { return [] }
                conditions.append("audit_log.structure_id = ?")
                _ = arguments.append(contentsOf: [id])
            }
            if let beforeID {
                conditions.append("audit_log.id < ?")
                _ = arguments.append(contentsOf: [beforeID])
            }
            let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT audit_log.*, structures.identifier_type AS s_type, structures.identifier AS s_identifier
                    FROM audit_log LEFT JOIN structures ON structures.id = audit_log.structure_id
                    \(whereClause) ORDER BY audit_log.id DESC LIMIT \(max(1, min(limit, 10_000)))
                    """,
                arguments: arguments
            )
            return try rows.map { row in
                let hasStructure = (row["s_type"] as String?) != nil
                return AuditEntry(
                    id: row["id"], at: row["at"], actor: row["actor"], action: row["action"],
                    structure: hasStructure ? try SQLiteRows.identifier(row, type: "s_type", value: "s_identifier") : nil,
                    target: row["target"], before: row["before"], after: row["after"]
                )
            }
        }
    }
}
