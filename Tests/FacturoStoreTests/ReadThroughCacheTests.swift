import FacturoDomain
@testable import FacturoStore
import Foundation
import GRDB
import Synchronization
import Testing

/// The rights and structures every request reads come from memory; these
/// tests hold the promise that makes that safe: whatever commits a change
/// to their tables, the next read sees it.
@Suite("Read-through caches")
struct ReadThroughCacheTests {
    static let commune = try! StructureIdentifier(parsing: "21100001900011")
    static let admin = AuditActor(userID: nil, label: "tests")

    static func store() throws -> SQLiteStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("facturo-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try SQLiteStore(path: folder.appendingPathComponent("facturo.sqlite").path)
    }

    static func user(_ store: SQLiteStore, _ email: String) async throws -> User {
        try await store.createUser(
            NewUser(email: EmailAddress(email), displayName: email, kind: .entitePublique, isPlatformAdministrator: false, passwordHash: "x"),
            attachment: StructureAttachment(user: UserID(rawValue: 0), structure: commune, role: .utilisateur), by: admin
        )
    }

    @Test func rightsFollowEveryChangeThroughTheStore() async throws {
        let store = try Self.store()
        try await store.createStructure(Structure(identifier: Self.commune, name: "COMMUNE", isPublic: true), by: Self.admin)
        let user = try await Self.user(store, "agent@commune.fr")
        #expect(try await store.rights(of: user.id)?.policy.habilitations.isEmpty == true)
        #expect(try await store.rights(of: user.id)?.policy.habilitations.isEmpty == true)  // now from memory

        let modification = Habilitation(user: user.id, structure: Self.commune, application: .facturesRecues, level: .modification)
        _ = try await store.grant(modification, by: Self.admin)
        #expect(try await store.rights(of: user.id)?.policy.habilitations.map(\.level) == [.modification])

        _ = try await store.revoke(modification, by: Self.admin)
        #expect(try await store.rights(of: user.id)?.policy.habilitations.map(\.level) == [.consultation])

        try await store.setUserActive(user.id, false, by: Self.admin)
        #expect(try await store.rights(of: user.id)?.user.isActive == false)

        try await store.apply(StructureRoster.Change(removals: [user.id]), to: Self.commune, by: Self.admin)
        let rights = try #require(try await store.rights(of: user.id))
        #expect(rights.policy.attachments.isEmpty && rights.policy.habilitations.isEmpty)
    }

    @Test func aKnownAbsenceEndsWhenTheRowAppears() async throws {
        let store = try Self.store()
        #expect(try await store.rights(of: UserID(rawValue: 1)) == nil)
        #expect(try await store.structure(Self.commune) == nil)
        try await store.createStructure(Structure(identifier: Self.commune, name: "COMMUNE", isPublic: true), by: Self.admin)
        let user = try await Self.user(store, "first@commune.fr")
        #expect(user.id == UserID(rawValue: 1))
        #expect(try await store.rights(of: user.id)?.user.email.value == "first@commune.fr")
        #expect(try await store.structure(Self.commune)?.name == "COMMUNE")
    }

    @Test func structuresFollowUpdatesServicesAndImports() async throws {
        let store = try Self.store()
        try await store.createStructure(Structure(identifier: Self.commune, name: "COMMUNE", isPublic: true), by: Self.admin)
        #expect(try await store.structure(Self.commune)?.services.isEmpty == true)

        _ = try await store.saveService(Service(code: "VOIRIE", label: "Voirie"), of: Self.commune, by: Self.admin)
        #expect(try await store.structure(Self.commune)?.services.map(\.code) == ["VOIRIE"])

        var renamed = try #require(try await store.structure(Self.commune))
        renamed.name = "COMMUNE DE DEMO"
        _ = try await store.updateStructure(renamed, by: Self.admin)
        #expect(try await store.structures([Self.commune])[Self.commune]?.name == "COMMUNE DE DEMO")

        let layout = try DirectoryImportLayout(header: ["identifiant", "raison_sociale", "publique"])
        _ = try await store.importDirectory([try layout.record(["21100001900011", "COMMUNE IMPORTEE", "oui"])], by: Self.admin)
        #expect(try await store.structure(Self.commune)?.name == "COMMUNE IMPORTEE")
    }

    /// The invalidation watches the database connection, not the store's
    /// methods: a change made by any SQL (a future code path, a migration)
    /// is seen too.
    @Test func aChangeByDirectSQLIsSeen() async throws {
        let store = try Self.store()
        try await store.createStructure(Structure(identifier: Self.commune, name: "COMMUNE", isPublic: true), by: Self.admin)
        let user = try await Self.user(store, "agent@commune.fr")
        #expect(try await store.rights(of: user.id)?.user.isActive == true)
        #expect(try await store.structure(Self.commune)?.name == "COMMUNE")
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE users SET is_active = 0 WHERE id = ?", arguments: [user.id.rawValue])
            try db.execute(sql: "UPDATE structures SET name = 'AUTRE NOM', name_folded = 'autre nom'")
        }
        #expect(try await store.rights(of: user.id)?.user.isActive == false)
        #expect(try await store.structure(Self.commune)?.name == "AUTRE NOM")
    }

    @Test func aRolledBackChangeLeavesNothingStale() async throws {
        let store = try Self.store()
        try await store.createStructure(Structure(identifier: Self.commune, name: "COMMUNE", isPublic: true), by: Self.admin)
        #expect(try await store.structure(Self.commune)?.name == "COMMUNE")
        struct Abort: Error {}
        await #expect(throws: Abort.self) {
            try await store.pool.write { db in
                try db.execute(sql: "UPDATE structures SET name = 'JAMAIS'")
                throw Abort()
            }
        }
        #expect(try await store.structure(Self.commune)?.name == "COMMUNE")
    }

    /// A value read before a change committed, stored after it, is dropped:
    /// its generation is already stale.
    @Test func aValueReadBeforeACommitIsNeverServedAfterIt() {
        let cache = ReadThroughCache<Int, String>(sourceTables: ["t"])
        let before = cache.generation
        cache.invalidateAll()  // the commit, while the read was running
        cache.store("old", for: 1, readAt: before)
        #expect(cache.lookup(1) == nil)
        cache.store("new", for: 1, readAt: cache.generation)
        #expect(cache.lookup(1) == "new")
    }

    @Test func theCacheStartsAgainBeyondItsCapacity() {
        let cache = ReadThroughCache<Int, Int>(sourceTables: ["t"], capacity: 3)
        for key in 0..<3 { cache.store(key, for: key, readAt: cache.generation) }
        #expect(cache.lookup(2) == 2)
        cache.store(3, for: 3, readAt: cache.generation)
        #expect(cache.lookup(0) == nil && cache.lookup(3) == 3)
    }
}

/// The statement-duration hook stays one call deep however many
/// statements run (it once nested a pair of thunks per statement).
@Suite("Statement durations")
struct StatementDurationTests {
    @Test func everyStatementIsReportedWithoutGrowingTheStack() async throws {
        let store = try ReadThroughCacheTests.store()
        let reported = Mutex(0)
        store.reportStatementDurations { _ in reported.withLock { $0 += 1 } }
        for _ in 0..<5_000 { _ = try await store.hasPlatformAdministrator() }
        // Each call is at least one statement (plus BEGIN and COMMIT).
        #expect(reported.withLock { $0 } >= 5_000)
    }
}
