import GRDB

/// The one path that creates and upgrades the SQLite schema.
///
/// Migrations are append-only, one per file under `Migrations/`, numbered,
/// each touching its own area's tables: never edit a shipped one, add the
/// next. Their identifiers double as the schema version shown to operators.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(Migration001Users.identifier, migrate: Migration001Users.migrate)
        migrator.registerMigration(Migration002Directory.identifier, migrate: Migration002Directory.migrate)
        migrator.registerMigration(Migration003Organisation.identifier, migrate: Migration003Organisation.migrate)
        migrator.registerMigration(Migration004PendingRequestUnique.identifier, migrate: Migration004PendingRequestUnique.migrate)
        migrator.registerMigration(Migration005TechnicalAccountOwner.identifier, migrate: Migration005TechnicalAccountOwner.migrate)
        migrator.registerMigration(Migration006PendingCertificate.identifier, migrate: Migration006PendingCertificate.migrate)
        migrator.registerMigration(Migration007Invoices.identifier, migrate: Migration007Invoices.migrate)
        migrator.registerMigration(Migration008Flows.identifier, migrate: Migration008Flows.migrate)
        migrator.registerMigration(Migration009FileReferences.identifier, migrate: Migration009FileReferences.migrate)
        migrator.registerMigration(Migration010Processing.identifier, migrate: Migration010Processing.migrate)
        return migrator
    }
}
