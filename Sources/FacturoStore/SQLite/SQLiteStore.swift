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
    /// Where the database lives, for status displays and logs.
    public let path: String

    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date. Throws `StoreError.schemaTooNew` rather than
    /// touching a database written by a newer Facturo.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
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
        self.pool = pool
        self.path = path
    }

    public func credentials(for email: EmailAddress) async throws -> StoredCredentials? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM users WHERE email = ?", arguments: [email.value]) else {
                return nil
            }
            return StoredCredentials(user: try Self.user(from: row), passwordHash: row["password_hash"])
        }
    }

    public func user(id: UserID) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id.rawValue]).map(Self.user(from:))
        }
    }

    public func createUser(_ new: NewUser) async throws -> User {
        try await pool.write { db in
            do {
                try db.execute(
                    sql: "INSERT INTO users (email, display_name, kind, is_platform_admin, password_hash) VALUES (?, ?, ?, ?, ?)",
                    arguments: [new.email.value, new.displayName, new.kind.rawValue, new.isPlatformAdministrator, new.passwordHash]
                )
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError.duplicate("user \(new.email)")
            }
            return User(
                id: UserID(rawValue: db.lastInsertedRowID),
                email: new.email,
                displayName: new.displayName,
                kind: new.kind,
                isPlatformAdministrator: new.isPlatformAdministrator
            )
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

    public func createStructure(_ structure: Structure) async throws {
        try await pool.write { db in
            do {
                try db.execute(
                    sql: "INSERT INTO structures (identifier, name, is_public, is_active) VALUES (?, ?, ?, ?)",
                    arguments: [structure.siret.value, structure.name, structure.isPublic, structure.isActive]
                )
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError.duplicate("structure \(structure.siret)")
            }
            let structureID = db.lastInsertedRowID
            for service in structure.services {
                do {
                    try db.execute(
                        sql: "INSERT INTO services (structure_id, code, label, is_active) VALUES (?, ?, ?, ?)",
                        arguments: [structureID, service.code, service.label, service.isActive]
                    )
                } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                    throw StoreError.duplicate("service \(service.code) of \(structure.siret)")
                }
            }
        }
    }

    public func structure(siret: Siret) async throws -> Structure? {
        try await pool.read { db -> Structure? in
            guard let row = try Row.fetchOne(
                db,
                sql: "SELECT * FROM structures WHERE identifier_type = 'SIRET' AND identifier = ?",
                arguments: [siret.value]
            ) else { return nil }
            let services = try Row.fetchAll(
                db,
                sql: "SELECT * FROM services WHERE structure_id = ? ORDER BY code",
                arguments: [row["id"] as Int64]
            ).map { serviceRow in
                do {
                    return try Service(code: serviceRow["code"], label: serviceRow["label"], isActive: serviceRow["is_active"])
                } catch {
                    throw StoreError.corrupt("service \(serviceRow["code"] as String): \(error)")
                }
            }
            return Structure(siret: siret, name: row["name"], isPublic: row["is_public"], isActive: row["is_active"], services: services)
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

    private static func user(from row: Row) throws -> User {
        let rawEmail: String = row["email"]
        let rawKind: String = row["kind"]
        guard let email = try? EmailAddress(rawEmail), let kind = AccountKind(rawValue: rawKind) else {
            throw StoreError.corrupt("user \(row["id"] as Int64)")
        }
        return User(
            id: UserID(rawValue: row["id"]),
            email: email,
            displayName: row["display_name"],
            kind: kind,
            isPlatformAdministrator: row["is_platform_admin"],
            isActive: row["is_active"]
        )
    }
}

extension SQLiteStore {
    /// Synchronous close, for `defer` in command-line tools.
    public func closeSync() throws {
        try pool.close()
    }
}
