import FacturoDomain
import Foundation
import GRDB

/// Reading the append-only audit log (`AuditStore`).
extension SQLiteStore {
    // MARK: Audit

    public func recordRefusedAttempt(on structure: StructureIdentifier, target: String, operation: String, namedStructure: StructureIdentifier?, by actor: AuditActor) async throws {
        try await pool.write { db in
            guard let id = try Self.structureID(db, structure) else { throw StoreError.notFound("structure \(structure)") }
            try SQLiteAudit.record(
                db, actor: actor, action: .accessRefused, structureID: id, target: target,
                after: ["operation": .text(operation), "named_structure": .text(namedStructure?.description ?? "")]
            )
        }
    }

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
