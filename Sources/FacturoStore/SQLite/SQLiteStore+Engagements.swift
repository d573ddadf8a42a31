import FacturoDomain
import Foundation
import GRDB

extension SQLiteStore {
    public func engagement(recipient: StructureIdentifier, number: String) async throws -> Engagement? {
        try await pool.read { db in
            guard let recipientID = try Self.structureID(db, recipient) else { return nil }
            return try Row.fetchOne(
                db.cachedStatement(sql: Self.engagementSelect + " WHERE e.recipient_id = ? AND e.number = ?"), arguments: [recipientID, number]
            ).map(SQLiteRows.engagement)
        }
    }

    public func saveEngagement(_ engagement: Engagement, by actor: AuditActor) async throws -> SaveResult {
        try await pool.write { db in try Self.save(db, engagement, actor: actor) }
    }

    public func importEngagements(_ engagements: [Engagement], by actor: AuditActor) async throws -> [SaveResult] {
        try await pool.write { db in try engagements.map { try Self.save(db, $0, actor: actor) } }
    }

    public func engagements(recipient: StructureIdentifier?, supplier: StructureIdentifier?) async throws -> [Engagement] {
        try await pool.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            for (column, structure) in [("e.recipient_id", recipient), ("e.supplier_id", supplier)] {
                guard let structure else { continue }
                guard let id = try Self.structureID(db, structure) else { return [] }
                conditions.append("\(column) = ?")
                _ = arguments.append(contentsOf: [id])
            }
            let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(db, sql: Self.engagementSelect + whereClause + " ORDER BY e.number LIMIT 10000", arguments: arguments).map(SQLiteRows.engagement)
        }
    }

    public func removeEngagement(recipient: StructureIdentifier, number: String, by actor: AuditActor) async throws -> Bool {
        try await pool.write { db in
            guard let recipientID = try Self.structureID(db, recipient),
                  let row = try Row.fetchOne(db, sql: Self.engagementSelect + " WHERE e.recipient_id = ? AND e.number = ?", arguments: [recipientID, number])
            else { return false }
            let current = try SQLiteRows.engagement(row)
            try db.execute(sql: "DELETE FROM engagements WHERE recipient_id = ? AND number = ?", arguments: [recipientID, number])
            try SQLiteAudit.record(db, actor: actor, action: .engagementRemove, structureID: recipientID, target: AuditTarget.engagement(number, of: recipient), before: AuditSnapshot.describe(current))
            return true
        }
    }

    static let engagementSelect = """
        SELECT e.number, e.amount, e.valid_from, e.valid_until,
               r.identifier_type AS recipient_type, r.identifier AS recipient_identifier,
               s.identifier_type AS supplier_type, s.identifier AS supplier_identifier
        FROM engagements e JOIN structures r ON r.id = e.recipient_id JOIN structures s ON s.id = e.supplier_id
        """

    private static func save(_ db: Database, _ engagement: Engagement, actor: AuditActor) throws -> SaveResult {
        guard let recipientID = try structureID(db, engagement.recipient) else { throw StoreError.notFound("structure \(engagement.recipient)") }
        guard let supplierID = try structureID(db, engagement.supplier) else { throw StoreError.notFound("structure \(engagement.supplier)") }
        let target = AuditTarget.engagement(engagement.number, of: engagement.recipient)
        let values: StatementArguments = [
            supplierID, ExactDecimal.text(engagement.amount, .amount), engagement.validFrom?.iso, engagement.validUntil?.iso, recipientID, engagement.number,
        ]
        if let row = try Row.fetchOne(db.cachedStatement(sql: engagementSelect + " WHERE e.recipient_id = ? AND e.number = ?"), arguments: [recipientID, engagement.number]) {
            let current = try SQLiteRows.engagement(row)
            guard current != engagement else { return .unchanged }
            try db.cachedStatement(sql: "UPDATE engagements SET supplier_id = ?, amount = ?, valid_from = ?, valid_until = ? WHERE recipient_id = ? AND number = ?")
                .execute(arguments: values)
            try SQLiteAudit.record(db, actor: actor, action: .engagementUpdate, structureID: recipientID, target: target, before: AuditSnapshot.describe(current), after: AuditSnapshot.describe(engagement))
            return .updated
        }
        try db.cachedStatement(sql: "INSERT INTO engagements (supplier_id, amount, valid_from, valid_until, recipient_id, number) VALUES (?, ?, ?, ?, ?, ?)")
            .execute(arguments: values)
        try SQLiteAudit.record(db, actor: actor, action: .engagementCreate, structureID: recipientID, target: target, after: AuditSnapshot.describe(engagement))
        return .created
    }
}
