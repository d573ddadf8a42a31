import GRDB

/// One pending habilitation request per (user, structure, kind, application,
/// level, service): the database, not a read before the insert, refuses a
/// second identical request, so two sent at the same moment give one.
enum Migration004PendingRequestUnique {
    static let identifier = "v4-pending-request-unique"

    static func migrate(_ db: Database) throws {
        // Duplicates that a race could leave before this index existed are
        // withdrawn (the oldest stays pending), so the upgrade never fails.
        try db.execute(sql: """
            UPDATE habilitation_requests SET state = 'withdrawn'
            WHERE state = 'pending' AND id NOT IN (
                SELECT MIN(id) FROM habilitation_requests WHERE state = 'pending'
                GROUP BY user_id, structure_id, kind, application, level, service_code
            );
            CREATE UNIQUE INDEX habilitation_requests_one_pending
                ON habilitation_requests(user_id, structure_id, kind, application, level, service_code)
                WHERE state = 'pending';
            """)
    }
}
