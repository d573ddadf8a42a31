import FacturoDomain
import GRDB

/// One pending habilitation request per (user, structure, kind, application,
/// level, service): the database, not a read before the insert, refuses a
/// second identical request, so two sent at the same moment give one.
/// Shipped: never edit, add the next migration instead.
enum Migration004PendingRequestUnique {
    static let identifier = "v4-pending-request-unique"

    /// Why a duplicate left by a race before this index was withdrawn.
    static let withdrawalComment = "doublon d'une demande identique en attente, retiré à la mise à jour du schéma"

    static func migrate(_ db: Database) throws {
        // Duplicates that a race could leave before this index existed are
        // withdrawn (the oldest stays pending), each with its audit line, so
        // the upgrade never fails and the trail says what happened.
        let duplicates = try Row.fetchAll(db, sql: """
            SELECT id, structure_id FROM habilitation_requests
            WHERE state = 'pending' AND id NOT IN (
                SELECT MIN(id) FROM habilitation_requests WHERE state = 'pending'
                GROUP BY user_id, structure_id, kind, application, level, service_code
            )
            """)
        let actor = AuditActor.system
        for row in duplicates {
            let id: Int64 = row["id"]
            try db.execute(
                sql: "UPDATE habilitation_requests SET state = ?, decided_by = ?, decision_comment = ?, decided_at = ? WHERE id = ?",
                arguments: [HabilitationRequest.State.withdrawn.name, actor.label, withdrawalComment, SQLiteAudit.nowMilliseconds(), id]
            )
            try SQLiteAudit.record(
                db, actor: actor, action: .requestWithdrawn, structureID: row["structure_id"], target: AuditTarget.request(id),
                before: .state(.pending), after: .state(.withdrawn, comment: withdrawalComment)
            )
        }
        try db.execute(sql: """
            CREATE UNIQUE INDEX habilitation_requests_one_pending
                ON habilitation_requests(user_id, structure_id, kind, application, level, service_code)
                WHERE state = 'pending';
            """)
    }
}
