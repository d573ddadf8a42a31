import FacturoDomain
import Foundation
import GRDB

/// Accounts, passwords, technical accounts' certificates (`UserStore`).
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
                // The certificate waits until its holder proves it (`claimCertificate`).
                try db.execute(
                    sql: "INSERT INTO users (email, display_name, kind, is_platform_admin, password_hash, is_technical, pending_certificate) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [new.email.value, new.displayName, new.kind.rawValue, new.isPlatformAdministrator, new.passwordHash, new.certificateFingerprint != nil, new.certificateFingerprint?.hex]
                )
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError.duplicate("user \(new.email)")
            }
            let user = User(
                id: UserID(rawValue: db.lastInsertedRowID), email: new.email, displayName: new.displayName, kind: new.kind,
                isPlatformAdministrator: new.isPlatformAdministrator, isTechnical: new.certificateFingerprint != nil
            )
            let after = AuditSnapshot.describe(newUser: user, certificate: new.certificateFingerprint)
            var structureID: Int64?
            if var attachment {
                attachment.user = user.id
                structureID = try Self.structureID(db, attachment.structure)
                try Self.apply(db, StructureRoster.Change(upserts: [attachment]), to: attachment.structure, actor: actor)
                if user.isTechnical {
                    try db.execute(sql: "UPDATE users SET owner_structure_id = ? WHERE id = ?", arguments: [structureID, user.id.rawValue])
                }
            }
            try SQLiteAudit.record(db, actor: actor, action: .accountCreate(technical: user.isTechnical), structureID: structureID, target: user.email.value, after: after)
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

    public func owner(ofTechnicalAccount user: UserID) async throws -> StructureIdentifier? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: """
                    SELECT structures.identifier_type AS s_type, structures.identifier AS s_identifier
                    FROM users JOIN structures ON structures.id = users.owner_structure_id
                    WHERE users.id = ? AND users.is_technical
                    """, arguments: [user.rawValue]
            ).map { try SQLiteRows.identifier($0, type: "s_type", value: "s_identifier") }
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
            if current.isTechnical, !active {
                // A revoked system's certificate is free again; the account
                // takes it back at a named login if it is re-activated.
                try db.execute(
                    sql: "UPDATE users SET pending_certificate = COALESCE(certificate_fingerprint, pending_certificate), certificate_fingerprint = NULL WHERE id = ?",
                    arguments: [user.rawValue]
                )
            }
            try SQLiteAudit.record(
                db, actor: actor, action: .accountActivity(active, technical: current.isTechnical),
                structureID: current.isTechnical ? try Self.owningStructure(db, user) : nil,
                target: current.email.value, before: .activity(!active), after: .activity(active)
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
            let action = AuditAction.passwordSet(byOwner: actor.userID == user)
            try SQLiteAudit.record(db, actor: actor, action: action, structureID: nil, target: email)
        }
    }

    @discardableResult
    public func setCertificateFingerprint(_ user: UserID, _ fingerprint: CertificateFingerprint, by actor: AuditActor) async throws -> Bool {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT email, certificate_fingerprint, pending_certificate FROM users WHERE id = ? AND is_technical", arguments: [user.rawValue]) else {
                throw StoreError.notFound("technical account \(user)")
            }
            let before: String = row["certificate_fingerprint"] ?? row["pending_certificate"] ?? ""
            guard before != fingerprint.hex else { return false }
            // The old certificate stops at once; the new one binds at its
            // holder's first certificate login.
            try db.execute(sql: "UPDATE users SET certificate_fingerprint = NULL, pending_certificate = ? WHERE id = ?", arguments: [fingerprint.hex, user.rawValue])
            try SQLiteAudit.record(
                db, actor: actor, action: .technicalAccountRebind, structureID: try Self.owningStructure(db, user), target: row["email"],
                before: .certificate(before), after: .certificate(fingerprint.hex)
            )
            return true
        }
    }

    public func claimCertificate(_ fingerprint: CertificateFingerprint, account email: EmailAddress?) async throws -> User? {
        let hex = fingerprint.hex
        // One transaction: two first logins at once bind once, and both
        // then find the account bound.
        return try await pool.write { db in
            if let bound = try Row.fetchOne(
                db, sql: "SELECT * FROM users WHERE certificate_fingerprint = ? AND is_technical AND is_active", arguments: [hex]
            ).map(SQLiteRows.user) {
                guard email == nil || bound.email == email else { throw StoreError.conflict("certificat lié à un autre compte") }
                return bound
            }
            // A waiting certificate binds only to the account the login
            // names: anyone may name anyone's certificate, and an unnamed
            // login must never land in the account of whoever named it.
            guard let email, let claimed = try Row.fetchOne(
                db, sql: "SELECT * FROM users WHERE pending_certificate = ? AND email = ? AND is_technical AND is_active", arguments: [hex, email.value]
            ).map(SQLiteRows.user) else { return nil }
            do {
                try db.execute(sql: "UPDATE users SET certificate_fingerprint = ?, pending_certificate = NULL WHERE id = ?", arguments: [hex, claimed.id.rawValue])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError.conflict("certificat lié à un autre compte")
            }
            try SQLiteAudit.record(
                db, actor: AuditActor(claimed), action: .technicalAccountBind, structureID: try Self.owningStructure(db, claimed.id), target: claimed.email.value,
                after: .certificate(hex)
            )
            return claimed
        }
    }

    /// The structure a technical account belongs to, so that its managers
    /// see its audit lines (never another structure it might be attached to).
    static func owningStructure(_ db: Database, _ user: UserID) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT owner_structure_id FROM users WHERE id = ?", arguments: [user.rawValue])
    }
}
