import FacturoDomain
@testable import FacturoStore
import Foundation
import GRDB
import Testing

/// What only the SQLite store does: files, WAL, reopening, schema versions,
/// triggers under direct SQL. The contract is in `StoreContractTests`.
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

    @Test func theAuditLogIsAppendOnly() async throws {
        let path = try Self.temporaryPath()
        let store = try SQLiteStore(path: path)
        try await store.createStructure(Structure(identifier: StoreContractTests.commune, name: "COMMUNE", isPublic: true), by: StoreContractTests.admin)
        let entries = try await store.auditEntries(structure: StoreContractTests.commune, limit: 10, beforeID: nil)
        #expect(entries.map(\.action) == ["structure.create"])
        #expect(entries[0].after.contains("\"name\":\"COMMUNE\""))
        try await store.close()
        // Even a direct SQL client cannot rewrite history.
        let queue = try DatabaseQueue(path: path)
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE audit_log SET actor = 'someone else'") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM audit_log") } }
    }

    /// A database from before the pending-request index, holding the
    /// duplicates a race could leave, upgrades: the oldest stays pending.
    @Test func upgradeToThePendingRequestIndexKeepsTheOldestDuplicate() async throws {
        let path = try Self.temporaryPath()
        let queue = try DatabaseQueue(path: path)
        try SQLiteMigrations.migrator.migrate(queue, upTo: Migration003Organisation.identifier)
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO users (id, email, display_name, kind, password_hash) VALUES (1, 'a@b.fr', 'A', 'Entreprise', 'x');
                INSERT INTO structures (id, identifier, name, is_public) VALUES (1, '21100001900011', 'COMMUNE', 1);
                INSERT INTO habilitation_requests (user_id, structure_id, kind, application, level, created_at)
                    VALUES (1, 1, 'add', 'factures_recues', 'modification', 1), (1, 1, 'add', 'factures_recues', 'modification', 2);
                """)
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        let pending = try await store.requests(of: UserID(rawValue: 1), on: nil, pendingOnly: true)
        #expect(pending.map(\.createdAt) == [1])
        #expect(try await store.schemaVersion() == SQLiteMigrations.migrator.migrations.last)
        let withdrawn = try #require(try await store.request(id: 2))
        #expect(withdrawn.request.state == .withdrawn && withdrawn.decidedBy == AuditActor.system.label)
        let lines = try await store.auditEntries(structure: nil, limit: 10, beforeID: nil)
        #expect(lines.map(\.action) == ["request.withdrawn"])
        #expect(lines.first?.target == "demande 2" && lines.first?.after.contains("\"state\":\"withdrawn\"") == true)
    }

    /// A database where another structure's manager had attached a technical
    /// account (the takeover the owner column closes) upgrades: the owner is
    /// the structure of the creation line, the foreign attachment and its
    /// habilitation go, each with its audit line, filed where it happened
    /// and with the owner.
    @Test func upgradeToTechnicalAccountOwnersRemovesForeignAttachments() async throws {
        let path = try Self.temporaryPath()
        let queue = try DatabaseQueue(path: path)
        try SQLiteMigrations.migrator.migrate(queue, upTo: Migration004PendingRequestUnique.identifier)
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO structures (id, identifier, name, is_public) VALUES (1, '73282932000074', 'ACME', 0), (2, '20007104100046', 'CC', 1);
                INSERT INTO users (id, email, display_name, kind, password_hash, is_technical, certificate_fingerprint)
                    VALUES (1, 'erp@cc.fr', 'ERP', 'Entité publique', '!', 1, 'aa');
                INSERT INTO attachments (user_id, structure_id, role) VALUES (1, 2, 'utilisateur'), (1, 1, 'utilisateur');
                INSERT INTO habilitations (user_id, structure_id, application, level) VALUES (1, 1, 'structures', 'modification'), (1, 2, 'factures_recues', 'consultation');
                INSERT INTO audit_log (at, actor, action, structure_id, target) VALUES (1, 'x', 'technical_account.create', 2, 'erp@cc.fr');
                """)
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        let acme = try StructureIdentifier(parsing: "73282932000074")
        let cc = try StructureIdentifier(parsing: "20007104100046")
        #expect(try await store.owner(ofTechnicalAccount: UserID(rawValue: 1)) == cc)
        #expect(try await store.roster(of: acme).attachments.isEmpty)
        #expect(try await store.habilitations(on: acme).isEmpty)
        #expect(try await store.habilitations(on: cc).count == 1, "the owner's habilitation stays")
        #expect(try await store.auditEntries(structure: acme, limit: 10, beforeID: nil).map(\.action).sorted() == ["attachment.remove", "habilitation.revoke"])
        let owners = try await store.auditEntries(structure: cc, limit: 10, beforeID: nil).map(\.action)
        #expect(owners.first == "attachment.remove")
        #expect(owners.contains("technical_account.create"))
    }

    /// v6 finishes v5's rule on databases from before it: a technical
    /// account that was a secondary manager becomes a plain user, one that
    /// lost its owner's attachment gets it back, each audited there.
    @Test func upgradeMakesTechnicalAccountsPlainUsersOfTheirOwner() async throws {
        let path = try Self.temporaryPath()
        let queue = try DatabaseQueue(path: path)
        try SQLiteMigrations.migrator.migrate(queue, upTo: Migration005TechnicalAccountOwner.identifier)
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO structures (id, identifier, name, is_public) VALUES (1, '73282932000074', 'ACME', 0), (2, '20007104100046', 'CC', 1);
                INSERT INTO users (id, email, display_name, kind, password_hash, is_technical, certificate_fingerprint, owner_structure_id)
                    VALUES (1, 'erp@acme.fr', 'ERP', 'Entreprise', '!', 1, 'aa', 1), (2, 'erp@cc.fr', 'ERP', 'Entité publique', '!', 1, 'bb', 2);
                INSERT INTO attachments (user_id, structure_id, role) VALUES (1, 1, 'gestionnaire_secondaire');
                """)
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        let acme = try StructureIdentifier(parsing: "73282932000074")
        let cc = try StructureIdentifier(parsing: "20007104100046")
        #expect(try await store.roster(of: acme).attachments.map(\.role) == [.utilisateur])
        #expect(try await store.roster(of: cc).attachments.map(\.user) == [UserID(rawValue: 2)])
        #expect(try await store.auditEntries(structure: acme, limit: 10, beforeID: nil).map(\.action) == ["attachment.update"])
        #expect(try await store.auditEntries(structure: cc, limit: 10, beforeID: nil).map(\.action) == ["attachment.create"])
    }
}
