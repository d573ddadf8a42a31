import FacturoDomain
import GRDB

/// Receiving and processing invoices (issue 12): the status date, DP
/// number and "rejet traité" flag of an invoice; its tamper-evident
/// history (append-only, hash-chained from the deposit certificate); the
/// notification outbox; the routing and documents as deposited, which the
/// certificate covers once a recycling or a completion changed them. The
/// history of invoices deposited before is started from their recorded
/// statuses.
///
/// Shipped: never edit, add the next migration instead.
enum Migration010Processing {
    static let identifier = "v10-processing"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE invoices ADD COLUMN status_at INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE invoices ADD COLUMN dp_number TEXT NOT NULL DEFAULT '';
            ALTER TABLE invoices ADD COLUMN rejection_acknowledged INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE invoices ADD COLUMN history_head TEXT;
            ALTER TABLE invoices ADD COLUMN history_count INTEGER NOT NULL DEFAULT 0;
            -- The routing as deposited, kept at the first recycling: the
            -- deposit certificate covers it, not the new one.
            ALTER TABLE invoices ADD COLUMN deposited_recipient_id INTEGER REFERENCES structures(id);
            ALTER TABLE invoices ADD COLUMN deposited_service TEXT;
            ALTER TABLE invoices ADD COLUMN deposited_engagement TEXT;
            -- Documents a completion added: not in the deposit certificate.
            ALTER TABLE invoice_attachments ADD COLUMN added INTEGER NOT NULL DEFAULT 0;
            UPDATE invoices SET status_at = deposited_at;
            -- The recipient's lists: its invoices in a status, newest first.
            CREATE INDEX invoices_recipient_status ON invoices(recipient_id, status, id);

            CREATE TABLE invoice_history (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                invoice_id INTEGER NOT NULL REFERENCES invoices(id),
                sequence INTEGER NOT NULL,
                at INTEGER NOT NULL,
                actor_id INTEGER REFERENCES users(id),
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                from_status TEXT NOT NULL,
                to_status TEXT NOT NULL,
                reason TEXT NOT NULL,
                dp_number TEXT NOT NULL,
                comment TEXT NOT NULL,
                details TEXT NOT NULL,
                hash TEXT NOT NULL,
                UNIQUE (invoice_id, sequence)
            ) STRICT;
            CREATE TRIGGER invoice_history_no_update BEFORE UPDATE ON invoice_history
                BEGIN SELECT RAISE(ABORT, 'the invoice history is append-only'); END;
            CREATE TRIGGER invoice_history_no_delete BEFORE DELETE ON invoice_history
                BEGIN SELECT RAISE(ABORT, 'the invoice history is append-only'); END;

            -- One row per user and event, written with the change; delivered
            -- once pushed to one of the user's live sessions.
            CREATE TABLE notifications (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                user_id INTEGER NOT NULL REFERENCES users(id),
                structure_id INTEGER NOT NULL REFERENCES structures(id),
                invoice_id INTEGER REFERENCES invoices(id),
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                delivered_at INTEGER
            ) STRICT;
            CREATE INDEX notifications_structure ON notifications(structure_id, id);
            CREATE INDEX notifications_undelivered ON notifications(id) WHERE delivered_at IS NULL;
            """)
        // Invoices of before: their two first statuses become the start of
        // their chain (the hash needs Swift, not SQL).
        for invoice in try Row.fetchAll(db, sql: "SELECT id, public_id, certificate FROM invoices ORDER BY id") {
            let rowID: Int64 = invoice["id"]
            let publicID: String = invoice["public_id"]
            var previous: String = invoice["certificate"]
            var last: InvoiceStatus?
            var sequence = 0
            for row in try Row.fetchAll(db, sql: "SELECT status, at, actor_id, actor, comment FROM invoice_statuses WHERE invoice_id = ? ORDER BY id", arguments: [rowID]) {
                let text: String = row["status"]
                guard let status = InvoiceStatus(rawValue: text) else { continue }
                sequence += 1
                let entry = InvoiceHistoryEntry(sequence: sequence, at: row["at"], actor: row["actor"], action: .status, from: last, to: status, comment: row["comment"])
                let actorID: Int64? = row["actor_id"]
                previous = try SQLiteHistory.append(db, invoiceRowID: rowID, publicID: publicID, previous: previous, entry: entry, actorID: actorID.map(UserID.init(rawValue:)))
                last = status
            }
        }
    }
}
