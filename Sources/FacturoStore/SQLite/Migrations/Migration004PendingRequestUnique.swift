import Foundation
import GRDB

/// One pending habilitation request per (user, structure, kind, application,
/// level, service): the database, not a read before the insert, refuses a
/// second identical request, so two sent at the same moment give one.
///
/// Shipped: never edit, add the next migration instead. Written in plain
/// SQL with its values frozen here (not through the store's audit helpers),
/// so that later changes to those helpers or to `audit_log` cannot change
/// what upgrading an old database does.
enum Migration004PendingRequestUnique {
    static let identifier = "v4-pending-request-unique"

    static func migrate(_ db: Database) throws {
        // Duplicates that a race could leave before this index existed are
        // withdrawn (the oldest stays pending), each with the audit line a
        // withdrawal writes, so the upgrade never fails and the trail says
        // what happened.
        let comment = "doublon d'une demande identique en attente, retiré à la mise à jour du schéma"
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        try db.execute(sql: """
            CREATE TEMP TABLE v4_duplicates AS
                SELECT id, structure_id FROM habilitation_requests
                WHERE state = 'pending' AND id NOT IN (
                    SELECT MIN(id) FROM habilitation_requests WHERE state = 'pending'
                    GROUP BY user_id, structure_id, kind, application, level, service_code
                );
            """)
        try db.execute(
            sql: """
                INSERT INTO audit_log (at, actor_id, actor, action, structure_id, target, before, after)
                    SELECT ?, NULL, 'système', 'request.withdrawn', structure_id, 'demande ' || id, '{"state":"pending"}', ?
                    FROM v4_duplicates ORDER BY id;
                UPDATE habilitation_requests SET state = 'withdrawn', decided_by = 'système', decision_comment = ?, decided_at = ?
                    WHERE id IN (SELECT id FROM v4_duplicates);
                DROP TABLE v4_duplicates;
                CREATE UNIQUE INDEX habilitation_requests_one_pending
                    ON habilitation_requests(user_id, structure_id, kind, application, level, service_code)
                    WHERE state = 'pending';
                """,
            arguments: [now, #"{"comment":""# + comment + #"","state":"withdrawn"}"#, comment, now]
        )
    }
}
