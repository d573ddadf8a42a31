import Crypto
import FacturoDomain
import Foundation
import GRDB

extension SQLiteStore {
    private static let flowColumns = """
        SELECT f.*, s.identifier_type, s.identifier FROM flows f JOIN structures s ON s.id = f.supplier_id
        """

    public func receiveFlow(_ flow: NewFlow, by actor: AuditActor) async throws -> (flow: StoredFlow, replayed: Bool) {
        try await pool.write { db in
            guard let supplierID = try Self.structureID(db, flow.supplier) else { throw StoreError.notFound("structure \(flow.supplier)") }
            if let first = try Self.flow(db, where: "f.supplier_id = ? AND f.key = ?", [supplierID, flow.key]) { return (first, true) }
            guard let upload = try Row.fetchOne(
                db, sql: "SELECT size, flow_digest FROM uploads WHERE id = ? AND owner_id = ? AND purpose = 'flow' AND flow_digest <> '' AND kept = 0",
                arguments: [flow.uploadID, flow.owner.rawValue]
            ) else { throw StoreError.notFound("envoi de flux \(flow.uploadID)") }
            try db.execute(sql: "UPDATE uploads SET kept = 1 WHERE id = ?", arguments: [flow.uploadID])
            try db.execute(
                sql: """
                    INSERT INTO flows (public_id, supplier_id, upload_id, owner_id, actor, name, size, digest, key, status, received_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    flow.id, supplierID, flow.uploadID, flow.owner.rawValue, actor.label, flow.name, upload["size"] as Int, upload["flow_digest"] as String,
                    flow.key, FlowStatus.received.rawValue, SQLiteAudit.nowMilliseconds(),
                ]
            )
            try SQLiteAudit.record(db, actor: actor, action: .flowReceive, structureID: supplierID, target: "\(flow.supplier)/flux/\(flow.id)")
            return (try Self.flow(db, where: "f.public_id = ?", [flow.id])!, false)
        }
    }

    public func flow(id: String) async throws -> StoredFlow? {
        try await pool.read { db in try Self.flow(db, where: "f.public_id = ?", [id]) }
    }

    public func flow(supplier: StructureIdentifier, key: String) async throws -> StoredFlow? {
        try await pool.read { db in
            guard let supplierID = try Self.structureID(db, supplier) else { return nil }
            return try Self.flow(db, where: "f.supplier_id = ? AND f.key = ?", [supplierID, key])
        }
    }

    public func flows(suppliers: [StructureIdentifier], limit: Int, before: Int64?) async throws -> (flows: [StoredFlow], next: Int64?) {
        try await pool.read { db in
            let ids = try suppliers.compactMap { try Self.structureID(db, $0) }
            guard !ids.isEmpty else { return ([], nil) }
            let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            var arguments = StatementArguments(ids)
            var condition = "f.supplier_id IN (\(placeholders))"
            if let before {
                condition += " AND f.id < ?"
                arguments += [before]
            }
            arguments += [limit + 1]
            let rows = try Row.fetchAll(db, sql: "\(Self.flowColumns) WHERE \(condition) ORDER BY f.id DESC LIMIT ?", arguments: arguments)
            let page = try rows.prefix(limit).map(Self.flow)
            return (page, rows.count > limit ? rows[limit - 1]["id"] : nil)
        }
    }

    public func unfinishedFlows() async throws -> [StoredFlow] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "\(Self.flowColumns) WHERE f.status IN ('RECU', 'EN_COURS') ORDER BY f.id").map(Self.flow)
        }
    }

    public func exportFlowContent(id: String, to url: URL) async throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.corrupt("fichier temporaire \(url.path) impossible à créer")
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try await pool.read { db in
            guard let uploadID = try String.fetchOne(db, sql: "SELECT upload_id FROM flows WHERE public_id = ?", arguments: [id]) else {
                throw StoreError.notFound("flux \(id)")
            }
            let chunks = try Data.fetchCursor(db, sql: "SELECT data FROM upload_chunks WHERE upload_id = ? ORDER BY position", arguments: [uploadID])
            while let chunk = try chunks.next() { try handle.write(contentsOf: chunk) }
        }
    }

    public func setFlowStatus(id: String, _ status: FlowStatus) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE flows SET status = ? WHERE public_id = ?", arguments: [status.rawValue, id])
        }
    }

    public func recordFlowRow(id: String, _ row: FlowRowOutcome) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO flow_rows (flow_id, line, number, status, code, message, invoice_id)
                    SELECT id, ?, ?, ?, ?, ?, ? FROM flows WHERE public_id = ?
                    """,
                arguments: [row.line, row.number, row.status.rawValue, row.code, row.message, row.invoiceID, id]
            )
        }
    }

    public func flowRows(id: String) async throws -> [FlowRowOutcome] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT r.* FROM flow_rows r JOIN flows f ON f.id = r.flow_id WHERE f.public_id = ? ORDER BY r.line", arguments: [id]
            ).map { row in
                guard let status = FlowRowStatus(rawValue: row["status"]) else { throw StoreError.corrupt("ligne de flux \(id)") }
                return FlowRowOutcome(line: row["line"], number: row["number"], status: status, code: row["code"], message: row["message"], invoiceID: row["invoice_id"])
            }
        }
    }

    public func finishFlow(id: String, _ status: FlowStatus, code: String, message: String) async throws -> StoredFlow {
        try await pool.write { db in
            guard let flow = try Self.flow(db, where: "f.public_id = ?", [id]) else { throw StoreError.notFound("flux \(id)") }
            try db.execute(
                sql: """
                    UPDATE flows SET status = ?, code = ?, message = ?, finished_at = ?,
                        integrated = (SELECT count(*) FROM flow_rows WHERE flow_id = flows.id AND status = 'INTEGREE'),
                        rejected = (SELECT count(*) FROM flow_rows WHERE flow_id = flows.id AND status = 'REJETEE')
                    WHERE public_id = ?
                    """,
                arguments: [status.rawValue, code, message, SQLiteAudit.nowMilliseconds(), id]
            )
            // Its invoices hold their PDFs: the zip itself is not kept (its
            // size and digest are).
            try db.execute(sql: "DELETE FROM upload_chunks WHERE upload_id = (SELECT upload_id FROM flows WHERE public_id = ?)", arguments: [id])
            let finished = try Self.flow(db, where: "f.public_id = ?", [id])!
            try SQLiteAudit.record(
                db, actor: flow.actor, action: .flowIntegrate, structureID: try Self.structureID(db, flow.supplier),
                target: "\(flow.supplier)/flux/\(id) \(status.rawValue) \(finished.integrated) intégrées, \(finished.rejected) rejetées"
            )
            return finished
        }
    }

    public func storeFile(_ bytes: [UInt8]) async throws -> StoredFile {
        let digest = Data(SHA256.hash(data: bytes)).base64EncodedString()
        try await pool.write { db in try Self.keepFile(db, digest: digest, content: Data(bytes)) }
        return StoredFile(digest: digest, size: bytes.count)
    }

    static func flow(_ db: Database, where condition: String, _ arguments: StatementArguments) throws -> StoredFlow? {
        try Row.fetchOne(db, sql: "\(flowColumns) WHERE \(condition)", arguments: arguments).map(flow)
    }

    static func flow(_ row: Row) throws -> StoredFlow {
        guard let status = FlowStatus(rawValue: row["status"]) else { throw StoreError.corrupt("flux \(row["public_id"] as String)") }
        let owner = UserID(rawValue: row["owner_id"])
        return StoredFlow(
            id: row["public_id"], supplier: try SQLiteRows.identifier(row), owner: owner, actor: AuditActor(userID: owner, label: row["actor"]),
            name: row["name"], size: row["size"], digest: row["digest"], key: row["key"], status: status, receivedAt: row["received_at"],
            finishedAt: row["finished_at"], integrated: row["integrated"], rejected: row["rejected"], code: row["code"], message: row["message"]
        )
    }
}
