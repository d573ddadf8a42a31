import FacturoDomain
import Foundation
import GRDB

/// Writes audit lines inside the caller's transaction, so that a change
/// and its trace commit together or not at all.
enum SQLiteAudit {
    static func record(
        _ db: Database, actor: AuditActor, action: AuditAction, structureID: Int64?, target: String,
        before: AuditSnapshot? = nil, after: AuditSnapshot? = nil
    ) throws {
        try db.cachedStatement(sql: "INSERT INTO audit_log (at, actor_id, actor, action, structure_id, target, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .execute(arguments: [nowMilliseconds(), actor.userID?.rawValue, actor.label, action.rawValue, structureID, target, json(before), json(after)])
    }

    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }

    /// Compact, key-sorted JSON, so equal states always read the same.
    /// JSONEncoder rather than JSONSerialization: the latter bridges to
    /// NSDictionary and sorts keys with locale-aware comparisons, which was
    /// half the cost of a directory import (measured with perf).
    static func json(_ object: AuditSnapshot?) -> String {
        guard let object, let data = try? encoder.encode(object) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
