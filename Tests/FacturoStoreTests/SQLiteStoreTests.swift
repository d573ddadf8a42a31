import FacturoDomain
@testable import FacturoStore
import Foundation
import GRDB
import Testing

@Suite("SQLite store")
struct SQLiteStoreTests {
    /// A fresh database file in its own temporary folder.
    static func temporaryPath() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("facturo-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("facturo.sqlite").path
    }

    static func newUser(_ email: String, admin: Bool = false) throws -> NewUser {
        NewUser(email: try EmailAddress(email), displayName: "X", kind: .entreprise, isPlatformAdministrator: admin, passwordHash: "$scrypt$test")
    }

    @Test func usersRoundTripAndEmailsAreUniqueCaseInsensitively() async throws {
        let store = try SQLiteStore(path: Self.temporaryPath())
        let created = try await store.createUser(Self.newUser("a@b.fr"))
        let found = try #require(try await store.credentials(for: EmailAddress("A@B.FR")))
        #expect(found.user == created)
        #expect(found.passwordHash == "$scrypt$test")
        #expect(try await store.user(id: created.id) == created)
        await #expect(throws: StoreError.duplicate("user a@b.fr")) {
            _ = try await store.createUser(Self.newUser("a@b.fr"))
        }
        #expect(try await store.credentials(for: EmailAddress("nobody@b.fr")) == nil)
    }

    @Test func administratorPresenceAndEmptiness() async throws {
        let store = try SQLiteStore(path: Self.temporaryPath())
        #expect(try await store.isEmpty())
        #expect(try await !store.hasPlatformAdministrator())
        _ = try await store.createUser(Self.newUser("u@b.fr"))
        #expect(try await !store.isEmpty())
        #expect(try await !store.hasPlatformAdministrator())
        _ = try await store.createUser(Self.newUser("admin@b.fr", admin: true))
        #expect(try await store.hasPlatformAdministrator())
    }

    @Test func structureWithServicesIsAllOrNothing() async throws {
        let store = try SQLiteStore(path: Self.temporaryPath())
        let etat = try Structure(identifier: .etat, name: "ETAT", isPublic: true, services: [
            try Service(code: "DIVERS", label: "Divers"),
            try Service(code: "INF", label: "Informatique"),
        ])
        try await store.createStructure(etat)
        #expect(try await store.structure(.etat) == etat)

        // A duplicate service code rolls the whole structure back.
        let other = try StructureIdentifier(parsing: "73282932000074")
        let broken = try Structure(identifier: other, name: "ACME", isPublic: false, services: [
            try Service(code: "A", label: "a"), try Service(code: "A", label: "again"),
        ])
        await #expect(throws: StoreError.self) { try await store.createStructure(broken) }
        #expect(try await store.structure(other) == nil)
    }

    @Test func dataSurvivesReopening() async throws {
        let path = try Self.temporaryPath()
        do {
            let store = try SQLiteStore(path: path)
            _ = try await store.createUser(Self.newUser("durable@b.fr"))
            try await store.close()
        }
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.credentials(for: EmailAddress("durable@b.fr")) != nil)
        #expect(try await reopened.schemaVersion() == SQLiteMigrations.migrator.migrations.last)
    }

    @Test func databaseIsInWALModeWithFullSync() async throws {
        let store = try SQLiteStore(path: Self.temporaryPath())
        let (mode, sync) = try await store.pool.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(mode == "wal")
        #expect(sync == 2, "synchronous = FULL")
    }

    @Test func newerSchemaIsRefused() async throws {
        let path = try Self.temporaryPath()
        try await SQLiteStore(path: path).close()
        // Simulate a database written by a future version.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        try queue.close()
        #expect(throws: StoreError.schemaTooNew(unknownMigrations: ["v99-from-the-future"])) {
            _ = try SQLiteStore(path: path)
        }
    }
}
