import Crypto
import FacturoDomain
import Foundation
import GRDB

extension SQLiteStore {
    /// Uploads older than this are dropped when a new one starts: a client
    /// that never finishes cannot fill the database.
    static let uploadLifetimeMilliseconds: Int64 = 24 * 3600 * 1000
    /// Uploads one account may have staged at once; the oldest goes first.
    static let uploadsPerOwner = 32
    /// Flow uploads (up to 1 GiB each) one account may have staged at once.
    static let flowUploadsPerOwner = 2

    public func appendUpload(id: String, owner: UserID, purpose given: UploadPurpose?, first: Bool, last: Bool, data: [UInt8]) async throws -> UploadState {
        // Nil when the file outgrew `maximumSize`: the upload is dropped in
        // that transaction, which must commit, and the refusal comes after.
        let state: (UploadState?, UploadPurpose) = try await pool.write { db in
            let now = SQLiteAudit.nowMilliseconds()
            if first {
                // A flow's upload (`kept`) lives as long as its flow.
                try Self.deleteUploads(db, sql: "DELETE FROM uploads WHERE created_at < ? AND kept = 0", arguments: [now - Self.uploadLifetimeMilliseconds])
                try Self.deleteUploads(
                    db,
                    sql: """
                        DELETE FROM uploads WHERE owner_id = ? AND kept = 0
                        AND id NOT IN (SELECT id FROM uploads WHERE owner_id = ? AND kept = 0 ORDER BY created_at DESC LIMIT ?)
                        """,
                    arguments: [owner.rawValue, owner.rawValue, Self.uploadsPerOwner - 1]
                )
                if given == .flow {
                    // Up to 1 GiB each: an account stages one flow at a time
                    // besides this one (the older goes first).
                    try Self.deleteUploads(
                        db,
                        sql: """
                            DELETE FROM uploads WHERE owner_id = ? AND kept = 0 AND purpose = 'flow'
                            AND id NOT IN (SELECT id FROM uploads WHERE owner_id = ? AND kept = 0 AND purpose = 'flow' ORDER BY created_at DESC LIMIT ?)
                            """,
                        arguments: [owner.rawValue, owner.rawValue, Self.flowUploadsPerOwner - 1]
                    )
                }
                try db.execute(sql: "INSERT INTO uploads (id, owner_id, created_at, purpose) VALUES (?, ?, ?, ?)", arguments: [id, owner.rawValue, now, (given ?? .attachment).rawValue])
            }
            guard let row = try Row.fetchOne(
                db, sql: "SELECT size, chunks, digest, flow_digest, purpose FROM uploads WHERE id = ? AND owner_id = ?", arguments: [id, owner.rawValue]
            ), let purpose = UploadPurpose(rawValue: row["purpose"]), given == nil || given == purpose else {
                throw StoreError.notFound("envoi de fichier \(id)")
            }
            let maximumSize = purpose.maximumSize
            guard (row["digest"] as String?) == nil, (row["flow_digest"] as String?) == nil else { throw StoreError.conflict("envoi de fichier \(id) déjà terminé") }
            let size = (row["size"] as Int) + data.count
            guard size <= maximumSize else {
                try db.execute(sql: "DELETE FROM uploads WHERE id = ?", arguments: [id])
                return (nil, purpose)
            }
            let position: Int = row["chunks"]
            try db.execute(sql: "INSERT INTO upload_chunks (upload_id, position, data) VALUES (?, ?, ?)", arguments: [id, position, Data(data)])
            try db.execute(sql: "UPDATE uploads SET size = ?, chunks = ? WHERE id = ?", arguments: [size, position + 1, id])
            guard last else { return (UploadState(id: id, size: size, digest: nil), purpose) }
            if purpose == .flow {
                // Closed to more chunks ('' = being hashed); hashed after
                // this commit, not under the write lock (up to 1 GiB).
                try db.execute(sql: "UPDATE uploads SET flow_digest = '' WHERE id = ?", arguments: [id])
                return (UploadState(id: id, size: size, digest: nil), purpose)
            }
            var content = Data(capacity: size)
            for chunk in try Data.fetchAll(db, sql: "SELECT data FROM upload_chunks WHERE upload_id = ? ORDER BY position", arguments: [id]) {
                content.append(chunk)
            }
            let digest = Data(SHA256.hash(data: content)).base64EncodedString()
            try Self.keepFile(db, digest: digest, content: content)
            try db.execute(sql: "DELETE FROM upload_chunks WHERE upload_id = ?", arguments: [id])
            try db.execute(sql: "UPDATE uploads SET digest = ? WHERE id = ?", arguments: [digest, id])
            return (UploadState(id: id, size: size, digest: digest), purpose)
        }
        guard var upload = state.0 else { throw state.1.tooLarge }
        if state.1 == .flow, last {
            upload.digest = try await sealFlowUpload(id)
        }
        return upload
    }

    /// The digest of a flow upload, hashed chunk by chunk (a flow never
    /// stands whole in memory) in a read, then recorded in a short write.
    private func sealFlowUpload(_ id: String) async throws -> String {
        let digest = try await pool.read { db in
            var hash = SHA256()
            let chunks = try Data.fetchCursor(db, sql: "SELECT data FROM upload_chunks WHERE upload_id = ? ORDER BY position", arguments: [id])
            while let chunk = try chunks.next() { hash.update(data: chunk) }
            return Data(hash.finalize()).base64EncodedString()
        }
        try await pool.write { db in
            try db.execute(sql: "UPDATE uploads SET flow_digest = ? WHERE id = ? AND flow_digest = ''", arguments: [digest, id])
        }
        return digest
    }


    public func completedUpload(id: String, owner: UserID) async throws -> StoredFile? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT size, digest FROM uploads WHERE id = ? AND owner_id = ? AND digest IS NOT NULL", arguments: [id, owner.rawValue])
                .map { StoredFile(digest: $0["digest"], size: $0["size"]) }
        }
    }

    public func fileContent(digest: String, offset: Int, length: Int) async throws -> [UInt8]? {
        try await pool.read { db in
            // substr on a BLOB counts bytes, from 1. An empty file's slice
            // reads as NULL: the row says the file exists, and it is empty.
            guard let row = try Row.fetchOne(db, sql: "SELECT substr(content, ?, ?) AS slice FROM files WHERE digest = ?", arguments: [offset + 1, length, digest]) else {
                return nil
            }
            let slice: Data? = row["slice"]
            return slice.map { Array($0) } ?? []
        }
    }
}
