import GRDB

/// The directory: structures and their services.
/// Shipped: never edit, add the next migration instead.
enum Migration002Directory {
    static let identifier = "v2-directory"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE structures (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                identifier_type TEXT NOT NULL DEFAULT 'SIRET',
                identifier TEXT NOT NULL,
                name TEXT NOT NULL,
                is_public INTEGER NOT NULL,
                is_active INTEGER NOT NULL DEFAULT 1,
                UNIQUE (identifier_type, identifier)
            ) STRICT;
            CREATE TABLE services (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                structure_id INTEGER NOT NULL REFERENCES structures(id),
                code TEXT NOT NULL,
                label TEXT NOT NULL,
                is_active INTEGER NOT NULL DEFAULT 1,
                UNIQUE (structure_id, code)
            ) STRICT;
            """)
    }
}
