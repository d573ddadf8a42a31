import GRDB

/// Sending invoices (issue 11): the structures' mandate and engagement
/// checks, engagements, files kept by SHA-256 with the uploads that bring
/// them, drafts, invoices with their lines, VAT rows, attachments and
/// status history.
///
/// Amounts are TEXT in their fixed-place decimal form ("6400.00"): exact,
/// and the same on every store. Files live in the database, not beside it,
/// so that several servers sharing one database see the same ones.
///
/// Shipped: never edit, add the next migration instead.
enum Migration007Invoices {
    static let identifier = "v7-invoices"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE structures ADD COLUMN billing_mandate INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE structures ADD COLUMN check_engagements INTEGER NOT NULL DEFAULT 0;

            CREATE TABLE engagements (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                recipient_id INTEGER NOT NULL REFERENCES structures(id),
                number TEXT NOT NULL,
                supplier_id INTEGER NOT NULL REFERENCES structures(id),
                amount TEXT NOT NULL,
                valid_from TEXT,
                valid_until TEXT,
                UNIQUE (recipient_id, number)
            ) STRICT;
            CREATE INDEX engagements_supplier ON engagements(supplier_id, number);

            CREATE TABLE files (
                digest TEXT PRIMARY KEY,
                size INTEGER NOT NULL,
                content BLOB NOT NULL
            ) STRICT;

            CREATE TABLE uploads (
                id TEXT PRIMARY KEY,
                owner_id INTEGER NOT NULL REFERENCES users(id),
                created_at INTEGER NOT NULL,
                size INTEGER NOT NULL DEFAULT 0,
                chunks INTEGER NOT NULL DEFAULT 0,
                digest TEXT REFERENCES files(digest)
            ) STRICT;
            CREATE INDEX uploads_owner ON uploads(owner_id, created_at);
            CREATE TABLE upload_chunks (
                upload_id TEXT NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                data BLOB NOT NULL,
                PRIMARY KEY (upload_id, position)
            ) STRICT;

            CREATE TABLE drafts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                public_id TEXT NOT NULL UNIQUE,
                supplier_id INTEGER NOT NULL REFERENCES structures(id),
                created_by INTEGER REFERENCES users(id),
                header TEXT NOT NULL,
                lines TEXT NOT NULL,
                attachments TEXT NOT NULL,
                updated_at INTEGER NOT NULL,
                -- Set when sent: the draft stays, so that sending it again
                -- answers that invoice instead of a second one.
                sent_invoice TEXT
            ) STRICT;
            CREATE INDEX drafts_supplier ON drafts(supplier_id, id);

            -- One signed Merkle root per commit batch of invoices.
            CREATE TABLE certificate_batches (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                size INTEGER NOT NULL,
                root TEXT NOT NULL,
                signed_at INTEGER NOT NULL,
                signature TEXT NOT NULL
            ) STRICT;

            CREATE TABLE invoices (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                public_id TEXT NOT NULL UNIQUE,
                supplier_id INTEGER NOT NULL REFERENCES structures(id),
                recipient_id INTEGER NOT NULL REFERENCES structures(id),
                number TEXT NOT NULL,
                submission_key TEXT NOT NULL,
                channel TEXT NOT NULL,
                invoice_date TEXT NOT NULL,
                currency TEXT NOT NULL,
                type TEXT NOT NULL,
                vat_type TEXT NOT NULL,
                payment_mode TEXT NOT NULL,
                frame TEXT NOT NULL,
                supplier_service TEXT NOT NULL,
                bank_account TEXT NOT NULL,
                recipient_service TEXT NOT NULL,
                engagement TEXT NOT NULL,
                contract TEXT NOT NULL,
                original_invoice TEXT NOT NULL,
                exemption_reason TEXT NOT NULL,
                comment TEXT NOT NULL,
                line_total TEXT NOT NULL,
                total_ht TEXT NOT NULL,
                total_vat TEXT NOT NULL,
                total_ttc TEXT NOT NULL,
                global_discount TEXT NOT NULL,
                discount_reason TEXT NOT NULL,
                amount_due TEXT NOT NULL,
                status TEXT NOT NULL,
                deposited_at INTEGER NOT NULL,
                deposit_day TEXT NOT NULL,
                certificate TEXT NOT NULL,
                submitted_by INTEGER REFERENCES users(id),
                batch_id INTEGER REFERENCES certificate_batches(id),
                leaf_index INTEGER,
                -- The audit path, a JSON array of base64 hashes.
                proof TEXT,
                UNIQUE (supplier_id, number),
                UNIQUE (supplier_id, submission_key)
            ) STRICT;
            -- A supplier's sent invoices, newest first: the search's keyset.
            CREATE INDEX invoices_supplier ON invoices(supplier_id, id);
            CREATE INDEX invoices_recipient ON invoices(recipient_id, id);
            CREATE INDEX invoices_supplier_day ON invoices(supplier_id, deposit_day);

            CREATE TABLE invoice_lines (
                invoice_id INTEGER NOT NULL REFERENCES invoices(id),
                number INTEGER NOT NULL,
                reference TEXT NOT NULL,
                designation TEXT NOT NULL,
                quantity TEXT NOT NULL,
                unit TEXT NOT NULL,
                unit_price TEXT NOT NULL,
                discount TEXT NOT NULL,
                vat_rate TEXT NOT NULL,
                PRIMARY KEY (invoice_id, number)
            ) STRICT, WITHOUT ROWID;

            -- Key columns first: SQLite's integrity_check misreads a
            -- WITHOUT ROWID table whose key columns come after others.
            CREATE TABLE invoice_vat (
                invoice_id INTEGER NOT NULL REFERENCES invoices(id),
                position INTEGER NOT NULL,
                rate TEXT NOT NULL,
                base TEXT NOT NULL,
                amount TEXT NOT NULL,
                PRIMARY KEY (invoice_id, position)
            ) STRICT, WITHOUT ROWID;

            CREATE TABLE invoice_attachments (
                invoice_id INTEGER NOT NULL REFERENCES invoices(id),
                position INTEGER NOT NULL,
                name TEXT NOT NULL,
                digest TEXT NOT NULL REFERENCES files(digest),
                size INTEGER NOT NULL,
                is_main INTEGER NOT NULL,
                PRIMARY KEY (invoice_id, position),
                UNIQUE (invoice_id, name)
            ) STRICT, WITHOUT ROWID;

            CREATE TABLE invoice_statuses (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                invoice_id INTEGER NOT NULL REFERENCES invoices(id),
                status TEXT NOT NULL,
                at INTEGER NOT NULL,
                actor_id INTEGER REFERENCES users(id),
                actor TEXT NOT NULL,
                comment TEXT NOT NULL DEFAULT ''
            ) STRICT;
            CREATE INDEX invoice_statuses_invoice ON invoice_statuses(invoice_id, id);
            """)
    }
}
