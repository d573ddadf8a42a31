import FacturoDomain
import Foundation
import GRDB

/// Habilitations: grant and revoke, each with its audit line (`HabilitationStore`).
extension SQLiteStore {
    // MARK: Habilitations

    static let habilitationSelect = """
        SELECT habilitations.*, structures.identifier_type AS s_type, structures.identifier AS s_identifier
        FROM habilitations JOIN structures ON structures.id = habilitations.structure_id
        """

    public func habilitations(of user: UserID) async throws -> [Habilitation] {
        try await pool.read { db in try Self.habilitations(db, of: user) }
    }

    static func habilitations(_ db: Database, of user: UserID) throws -> [Habilitation] {
        try Row.fetchAll(
            db.cachedStatement(sql: habilitationSelect + " WHERE habilitations.user_id = ? ORDER BY s_identifier, service_code, application"),
            arguments: [user.rawValue]
        )
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

    static func heldLevel(_ db: Database, _ habilitation: Habilitation, structureID: Int64) throws -> AccessLevel? {
        try String.fetchOne(
            db, sql: "SELECT level FROM habilitations WHERE user_id = ? AND structure_id = ? AND service_code = ? AND application = ?",
            arguments: [habilitation.user.rawValue, structureID, habilitation.serviceCode ?? "", habilitation.application.rawValue]
        ).flatMap(AccessLevel.init(rawValue:))
    }

    static func target(_ db: Database, _ habilitation: Habilitation) throws -> String {
        AuditTarget.habilitation(of: habilitation.user, email: try String.fetchOne(db, sql: "SELECT email FROM users WHERE id = ?", arguments: [habilitation.user.rawValue]))
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
            db, actor: actor, action: .habilitationGrant, structureID: structureID, target: try target(db, habilitation),
            before: AuditSnapshot.describeIfPresent(held == nil ? nil : before), after: AuditSnapshot.describe(habilitation)
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
            db, actor: actor, action: .habilitationRevoke, structureID: structureID, target: try target(db, habilitation),
            before: AuditSnapshot.describe(before), after: AuditSnapshot.describeIfPresent(after)
        )
        return true
    }
}
