import GRDB

/// Files are dropped once nothing refers to them (an expired upload, a
/// deleted draft, a rejected flow row): the references are looked up by
/// digest, so they need these indexes.
///
/// Shipped: never edit, add the next migration instead.
enum Migration009FileReferences {
    static let identifier = "v9-file-references"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX invoice_attachments_digest ON invoice_attachments(digest);
            CREATE INDEX uploads_digest ON uploads(digest) WHERE digest IS NOT NULL;
            """)
    }
}
