import FacturoDomain
import Foundation
import GRDB

/// The embedded default store: one SQLite file in WAL mode through GRDB.
///
/// `synchronous = FULL` makes every commit reach the disk before the call
/// returns, so an acknowledged write survives a power loss, not only a
/// process crash. Readers never block the writer (WAL).
public final class SQLiteStore: Store {
    let pool: DatabasePool
    /// What every authorised request reads, kept in memory and emptied by
    /// any change to the tables it is built from (`ReadThroughCache`).
    let rightsCache = ReadThroughCache<UserID, UserRights?>(sourceTables: ["users", "attachments", "habilitations", "structures"])
    /// Structures that exist only: identifiers anyone may make up must not
    /// fill the cache and empty it for everybody.
    let structureCache = ReadThroughCache<StructureIdentifier, Structure>(sourceTables: ["structures", "services"])
    private let statementDurations: StatementDurationSink
    /// Where the database lives, for status displays and logs.
    public let path: String

    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date. Throws `StoreError.schemaTooNew` rather than
    /// touching a database written by a newer Facturo.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        let statementDurations = StatementDurationSink()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // SQLite's own timing of each statement, on every connection.
            db.trace(options: .profile) { event in
                if case let .profile(_, duration) = event { statementDurations.record(duration) }
            }
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        let migrator = SQLiteMigrations.migrator
        let (superseded, unknown) = try pool.read { db in
            let known = Set(migrator.migrations)
            let applied = try migrator.appliedIdentifiers(db)
            return (try migrator.hasBeenSuperseded(db), applied.subtracting(known).sorted())
        }
        if superseded {
            try? pool.close()
            throw StoreError.schemaTooNew(unknownMigrations: unknown)
        }
        try migrator.migrate(pool)
        pool.add(transactionObserver: CacheInvalidator([rightsCache, structureCache]), extent: .databaseLifetime)
        self.pool = pool
        self.path = path
        self.statementDurations = statementDurations
    }

    public func reportStatementDurations(to sink: @escaping @Sendable (Duration) -> Void) {
        statementDurations.set(sink)
    }

    public func credentials(for email: EmailAddress) async throws -> StoredCredentials? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM users WHERE email = ?", arguments: [email.value]) else {
                return nil
            }
            return StoredCredentials(user: try SQLiteRows.user(row), passwordHash: row["password_hash"])
        }
    }

    public func user(id: UserID) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id.rawValue]).map(SQLiteRows.user)
        }
    }

    public func hasPlatformAdministrator() async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM users WHERE is_platform_admin AND is_active)") ?? false
        }
    }

    public func isEmpty() async throws -> Bool {
        try await pool.read { db in
            let users = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") ?? 0
            let structures = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM structures") ?? 0
            return users == 0 && structures == 0
        }
    }

    public func schemaVersion() async throws -> String {
        try await pool.read { db in
            let migrator = SQLiteMigrations.migrator
            let applied = try migrator.appliedIdentifiers(db)
            return migrator.migrations.last(where: applied.contains) ?? "empty"
        }
    }

    public func databaseSize() async throws -> UInt64 {
        // The main file plus the write-ahead log, which holds recent commits.
        [path, path + "-wal"].reduce(0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.uint64Value ?? 0
            return total + size
        }
    }

    public func close() async throws {
        try pool.close()
    }
}

extension SQLiteStore {
    /// Synchronous close, for `defer` in command-line tools.
    public func closeSync() throws {
        try pool.close()
    }
}

extension SQLiteStore {
    /// SQLite's own consistency check of every table and index: "ok", or
    /// the problems it found (one per line). For the crash test.
    public func integrityCheck() async throws -> String {
        try await pool.read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n")
        }
    }
}
