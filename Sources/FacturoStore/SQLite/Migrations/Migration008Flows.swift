import GRDB

/// Flows (issue 11): a zip of invoices with their `factures.csv`, received
/// at once and integrated in the background, one outcome per row.
///
/// A flow takes the chunks of the upload that brought it (`uploads.kept`)
/// until it is integrated: up to 1 GiB does not fit one SQLite value (about
/// 1 GB at most), and copying it would double the write. Kept uploads are
/// never expired; their chunks go when the flow ends.
///
/// Shipped: never edit, add the next migration instead.
enum Migration008Flows {
    static let identifier = "v8-flows"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE uploads ADD COLUMN purpose TEXT NOT NULL DEFAULT 'attachment';
            ALTER TABLE uploads ADD COLUMN flow_digest TEXT;
            ALTER TABLE uploads ADD COLUMN kept INTEGER NOT NULL DEFAULT 0;

            CREATE TABLE flows (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                public_id TEXT NOT NULL UNIQUE,
                supplier_id INTEGER NOT NULL REFERENCES structures(id),
                upload_id TEXT NOT NULL REFERENCES uploads(id),
                owner_id INTEGER NOT NULL REFERENCES users(id),
                actor TEXT NOT NULL,
                name TEXT NOT NULL,
                size INTEGER NOT NULL,
                digest TEXT NOT NULL,
                key TEXT NOT NULL,
                status TEXT NOT NULL,
                received_at INTEGER NOT NULL,
                finished_at INTEGER,
                integrated INTEGER NOT NULL DEFAULT 0,
                rejected INTEGER NOT NULL DEFAULT 0,
                code TEXT NOT NULL DEFAULT '',
                message TEXT NOT NULL DEFAULT '',
                UNIQUE (supplier_id, key)
            ) STRICT;
            CREATE INDEX flows_supplier ON flows(supplier_id, id);
            CREATE INDEX flows_pending ON flows(status) WHERE status IN ('RECU', 'EN_COURS');

            CREATE TABLE flow_rows (
                flow_id INTEGER NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
                line INTEGER NOT NULL,
                number TEXT NOT NULL,
                status TEXT NOT NULL,
                code TEXT NOT NULL DEFAULT '',
                message TEXT NOT NULL DEFAULT '',
                invoice_id TEXT,
                PRIMARY KEY (flow_id, line)
            ) STRICT;
            """)
    }
}
