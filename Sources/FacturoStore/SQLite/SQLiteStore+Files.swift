import FacturoDomain
import Foundation
import GRDB

/// Files kept by digest, and dropped when nothing refers to them any more:
/// an invoice's attachment, a completed upload, a draft's attachment.
/// Without this, anyone with an account could fill the disk with distinct
/// uploads that expire while their content stays.
extension SQLiteStore {
    /// Keeps `content` by its digest (once: files are content-addressed).
    static func keepFile(_ db: Database, digest: String, content: Data) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO files (digest, size, content) VALUES (?, ?, ?)", arguments: [digest, content.count, content])
    }

    static func fileExists(_ db: Database, _ digest: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM files WHERE digest = ?)"), arguments: [digest]) == true
    }

    /// Drops each of `digests` that no invoice, upload or draft refers to.
    /// (Drafts keep their attachments as JSON: that check scans the unsent
    /// drafts, which stay few; a sent draft's files are its invoice's.)
    static func dropUnreferencedFiles(_ db: Database, _ digests: Set<String>) throws {
        for digest in digests {
            try db.execute(sql: """
                DELETE FROM files WHERE digest = ?1
                AND NOT EXISTS (SELECT 1 FROM invoice_attachments WHERE digest = ?1)
                AND NOT EXISTS (SELECT 1 FROM uploads WHERE digest = ?1)
                AND NOT EXISTS (SELECT 1 FROM drafts d, json_each(d.attachments) a WHERE d.sent_invoice IS NULL AND json_extract(a.value, '$.file.digest') = ?1)
                """, arguments: [digest])
        }
    }

    /// Uploads deleted by `sql`, their files dropped when nothing else
    /// refers to them.
    static func deleteUploads(_ db: Database, sql: String, arguments: StatementArguments) throws {
        let digests = try Row.fetchAll(db, sql: sql + " RETURNING digest", arguments: arguments).compactMap { $0["digest"] as String? }
        try dropUnreferencedFiles(db, Set(digests))
    }

    public func dropFileIfUnreferenced(digest: String) async throws {
        try await pool.write { db in try Self.dropUnreferencedFiles(db, [digest]) }
    }
}
