import FacturoDomain
import Foundation
import GRDB

extension SQLiteStore {
    public func createDraft(supplier: StructureIdentifier, header: InvoiceHeaderFields, by actor: AuditActor) async throws -> StoredDraft {
        try await pool.write { db in
            guard let supplierID = try Self.structureID(db, supplier) else { throw StoreError.notFound("structure \(supplier)") }
            let publicID = UUID().uuidString.lowercased()
            try db.execute(
                sql: "INSERT INTO drafts (public_id, supplier_id, created_by, header, lines, attachments, updated_at) VALUES (?, ?, ?, ?, '[]', '[]', ?)",
                arguments: [publicID, supplierID, actor.userID?.rawValue, try Self.json(header), SQLiteAudit.nowMilliseconds()]
            )
            let draft = try Self.draft(db, publicID)!
            try SQLiteAudit.record(db, actor: actor, action: .draftCreate, structureID: supplierID, target: AuditTarget.invoice(draft.temporaryNumber, of: supplier))
            return draft
        }
    }

    public func draft(id: String) async throws -> StoredDraft? {
        try await pool.read { db in try Self.draft(db, id) }
    }

    public func saveDraft(_ draft: StoredDraft) async throws -> StoredDraft {
        try await pool.write { db in
            // An attachment's upload may have expired (its file with it)
            // since the request named it: refused now, not at sending.
            for attachment in draft.attachments where try !Self.fileExists(db, attachment.file.digest) {
                throw StoreError.notFound("fichier \(attachment.name) (envoi expiré entre-temps ; renvoyez-le)")
            }
            let before = try Self.draft(db, draft.id)
            try db.execute(
                sql: "UPDATE drafts SET header = ?, lines = ?, attachments = ?, updated_at = ? WHERE public_id = ? AND sent_invoice IS NULL",
                arguments: [try Self.json(draft.header), try Self.json(draft.lines), try Self.json(draft.attachments), SQLiteAudit.nowMilliseconds(), draft.id]
            )
            let changed = db.changesCount
            guard let saved = try Self.draft(db, draft.id) else { throw StoreError.notFound("brouillon \(draft.id)") }
            guard changed == 1 else { throw StoreError.conflict("brouillon \(saved.temporaryNumber) déjà envoyé") }
            // Files the draft no longer holds may be held by nothing else.
            let kept = Set(draft.attachments.map(\.file.digest))
            try Self.dropUnreferencedFiles(db, Set((before?.attachments ?? []).map(\.file.digest)).subtracting(kept))
            return saved
        }
    }

    public func deleteDraft(id: String, by actor: AuditActor) async throws -> Bool {
        try await pool.write { db in
            guard let draft = try Self.draft(db, id), let supplierID = try Self.structureID(db, draft.supplier) else { return false }
            try db.execute(sql: "DELETE FROM drafts WHERE public_id = ?", arguments: [id])
            try Self.dropUnreferencedFiles(db, Set(draft.attachments.map(\.file.digest)))
            try SQLiteAudit.record(db, actor: actor, action: .draftDelete, structureID: supplierID, target: AuditTarget.invoice(draft.temporaryNumber, of: draft.supplier))
            return true
        }
    }

    public func drafts(suppliers: [StructureIdentifier]) async throws -> [StoredDraft] {
        try await pool.read { db in
            var found: [StoredDraft] = []
            for supplier in suppliers {
                guard let supplierID = try Self.structureID(db, supplier) else { continue }
                let ids = try String.fetchAll(db, sql: "SELECT public_id FROM drafts WHERE supplier_id = ? AND sent_invoice IS NULL ORDER BY id LIMIT 1000", arguments: [supplierID])
                found += try ids.compactMap { try Self.draft(db, $0) }
            }
            return found
        }
    }

    static func draft(_ db: Database, _ publicID: String) throws -> StoredDraft? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT d.*, s.identifier_type, s.identifier FROM drafts d JOIN structures s ON s.id = d.supplier_id WHERE d.public_id = ?
            """, arguments: [publicID]) else { return nil }
        let decoder = JSONDecoder()
        do {
            return StoredDraft(
                id: publicID, temporaryNumber: String(format: "TMP%010lld", row["id"] as Int64), supplier: try SQLiteRows.identifier(row),
                header: try decoder.decode(InvoiceHeaderFields.self, from: Data((row["header"] as String).utf8)),
                lines: try decoder.decode([InvoiceLine].self, from: Data((row["lines"] as String).utf8)),
                attachments: try decoder.decode([StoredAttachment].self, from: Data((row["attachments"] as String).utf8)),
                createdBy: (row["created_by"] as Int64?).map(UserID.init(rawValue:)), updatedAt: row["updated_at"], sentInvoice: row["sent_invoice"]
            )
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.corrupt("brouillon \(publicID): \(error)")
        }
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
