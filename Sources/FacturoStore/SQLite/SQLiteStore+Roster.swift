import FacturoDomain
import Foundation
import GRDB

/// Attachments of users to structures and the rights snapshot (`RosterStore`).
extension SQLiteStore {
    // MARK: Attachments

    static let attachmentSelect = """
        SELECT attachments.*, structures.identifier_type AS s_type, structures.identifier AS s_identifier
        FROM attachments JOIN structures ON structures.id = attachments.structure_id
        """

    /// From memory while nothing they are built from has changed (see
    /// `ReadThroughCache`); otherwise read in one snapshot and kept.
    public func rights(of user: UserID) async throws -> UserRights? {
        if let known = rightsCache.lookup(user) { return known }
        let generation = rightsCache.generation
        let rights = try await pool.read { db in try Self.rights(db, of: user) }
        rightsCache.store(rights, for: user, readAt: generation)
        return rights
    }

    static func rights(_ db: Database, of user: UserID) throws -> UserRights? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM users WHERE id = ?"), arguments: [user.rawValue]) else {
            return nil
        }
        let account = try SQLiteRows.user(row)
        let attachments = try Row.fetchAll(
            db.cachedStatement(sql: attachmentSelect + " WHERE attachments.user_id = ? ORDER BY s_identifier"), arguments: [user.rawValue]
        ).map(SQLiteRows.attachment)
        return UserRights(user: account, policy: AccessPolicy(
            isPlatformAdministrator: account.isPlatformAdministrator,
            attachments: attachments,
            habilitations: try habilitations(db, of: user)
        ))
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
            try SQLiteAudit.record(db, actor: actor, action: .attachmentRemove, structureID: structureID, target: try email(user), before: AuditSnapshot.describe(before))
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
                db, actor: actor, action: before == nil ? .attachmentCreate : .attachmentUpdate, structureID: structureID,
                target: try email(attachment.user), before: before.map(AuditSnapshot.describe), after: AuditSnapshot.describe(attachment)
            )
        }
    }
}
