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
            .execute(arguments: [nowMilliseconds(), actor.userID?.rawValue, actor.label, action.rawValue, structureID, target, AuditSnapshot.json(before), AuditSnapshot.json(after)])
    }

    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
