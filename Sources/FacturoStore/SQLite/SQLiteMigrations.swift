import GRDB

/// The one path that creates and upgrades the SQLite schema.
///
/// Migrations are append-only: never edit a shipped one, add the next.
/// Their identifiers double as the schema version shown to operators.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1-users") { db in
            try db.execute(sql: """
                CREATE TABLE users (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    display_name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    is_platform_admin INTEGER NOT NULL DEFAULT 0,
                    is_active INTEGER NOT NULL DEFAULT 1,
                    password_hash TEXT NOT NULL,
                    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                ) STRICT
                """)
        }

        migrator.registerMigration("v2-directory") { db in
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

        return migrator
    }
}
