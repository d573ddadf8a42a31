import FacturoDomain
import FacturoStore
import Foundation
import GRDB
import Testing

/// The store contract, run against every store implementation
/// (`StoreFactory.all`); SQLite-only behaviour is in `SQLiteStoreTests`.
@Suite struct StoreContractTests {
    static let commune = try! StructureIdentifier(parsing: "21100001900011")
    static let admin = AuditActor(userID: nil, label: "tests")

    static func user(_ store: any Store, _ email: String, role: StructureAttachment.Role? = nil) async throws -> User {
        try await store.createUser(
            NewUser(email: EmailAddress(email), displayName: email, kind: .entitePublique, isPlatformAdministrator: false, passwordHash: "x"),
            attachment: role.map { StructureAttachment(user: UserID(rawValue: 0), structure: commune, role: $0) }, by: admin
        )
    }

    static func newUser(_ email: String, admin: Bool = false) throws -> NewUser {
        NewUser(email: try EmailAddress(email), displayName: "X", kind: .entreprise, isPlatformAdministrator: admin, passwordHash: "$scrypt$test")
    }

    @Test(arguments: StoreFactory.all) func usersRoundTripAndEmailsAreUniqueCaseInsensitively(_ factory: StoreFactory) async throws {
        let store = try factory.make()
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

    @Test(arguments: StoreFactory.all) func administratorPresenceAndEmptiness(_ factory: StoreFactory) async throws {
        let store = try factory.make()
        #expect(try await store.isEmpty())
        #expect(try await !store.hasPlatformAdministrator())
        _ = try await store.createUser(Self.newUser("u@b.fr"))
        #expect(try await !store.isEmpty())
        #expect(try await !store.hasPlatformAdministrator())
        _ = try await store.createUser(Self.newUser("admin@b.fr", admin: true))
        #expect(try await store.hasPlatformAdministrator())
    }

    @Test(arguments: StoreFactory.all) func structureWithServicesIsAllOrNothing(_ factory: StoreFactory) async throws {
        let store = try factory.make()
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


    @Test(arguments: StoreFactory.all) func importCountsCreatedUpdatedUnchanged(_ factory: StoreFactory) async throws {
        let store = try factory.make()
        let layout = try DirectoryImportLayout(header: ["identifiant", "raison_sociale", "publique", "service_code", "service_libelle"])
        let first = try [
            layout.record(["21100001900011", "COMMUNE", "oui", "VOIRIE", "Voirie"]),
            layout.record(["21100001900011", "COMMUNE", "oui", "ECOLES", "Écoles"]),
            layout.record(["73282932000074", "ACME", "non", "", ""]),
        ]
        let created = try await store.importDirectory(first, by: Self.admin)
        #expect(created.structuresCreated == 2 && created.servicesCreated == 2 && created.structuresUnchanged == 0)
        let second = try [
            layout.record(["21100001900011", "COMMUNE DE DEMO", "oui", "VOIRIE", "Voirie"]),
            layout.record(["73282932000074", "ACME", "non", "", ""]),
        ]
        let updated = try await store.importDirectory(second, by: Self.admin)
        #expect(updated.structuresUpdated == 1 && updated.structuresUnchanged == 1 && updated.servicesUnchanged == 1)
        #expect(try await store.structure(Self.commune)?.name == "COMMUNE DE DEMO")
        #expect(try await store.searchStructures(DirectoryQuery(nameFragment: "démo")).total == 1)
    }

    @Test(arguments: StoreFactory.all) func onePrincipalManagerPerStructureEvenAgainstTheRules(_ factory: StoreFactory) async throws {
        let store = try factory.make()
        try await store.createStructure(Structure(identifier: Self.commune, name: "COMMUNE", isPublic: true), by: Self.admin)
        _ = try await Self.user(store, "a@commune.fr", role: .gestionnairePrincipal)
        let b = try await Self.user(store, "b@commune.fr", role: .utilisateur)
        // A change computed on a stale roster still cannot make two principals.
        let stale = StructureRoster.Change(upserts: [StructureAttachment(user: b.id, structure: Self.commune, role: .gestionnairePrincipal)])
        await #expect(throws: StoreError.self) { try await store.apply(stale, to: Self.commune, by: Self.admin) }
        #expect(try await store.roster(of: Self.commune).attachment(of: b.id)?.role == .utilisateur)
    }

    @Test(arguments: StoreFactory.all) func revokingModificationKeepsConsultationAndDetachingDropsHabilitations(_ factory: StoreFactory) async throws {
        let store = try factory.make()
        try await store.createStructure(Structure(identifier: Self.commune, name: "COMMUNE", isPublic: true), by: Self.admin)
        let user = try await Self.user(store, "u@commune.fr", role: .utilisateur)
        let modification = Habilitation(user: user.id, structure: Self.commune, application: .facturesRecues, level: .modification)
        #expect(try await store.grant(modification, by: Self.admin))
        #expect(try await !store.grant(Habilitation(user: user.id, structure: Self.commune, application: .facturesRecues, level: .consultation), by: Self.admin))
        #expect(try await store.revoke(modification, by: Self.admin))
        #expect(try await store.habilitations(of: user.id).map(\.level) == [.consultation])
        #expect(try await !store.revoke(modification, by: Self.admin))
        try await store.apply(StructureRoster.Change(removals: [user.id]), to: Self.commune, by: Self.admin)
        #expect(try await store.habilitations(of: user.id).isEmpty)
        let lines = try await store.auditEntries(structure: Self.commune, limit: 2, beforeID: nil)
        #expect(lines.map(\.action) == ["habilitation.revoke", "attachment.remove"])
        #expect(lines[0].before.contains("\"level\":\"consultation\"") && lines[0].after.isEmpty)
    }

    @Test(arguments: StoreFactory.all) func aRequestIsDecidedOnceAndApprovalGrants(_ factory: StoreFactory) async throws {
        let store = try factory.make()
        try await store.createStructure(Structure(identifier: Self.commune, name: "COMMUNE", isPublic: true), by: Self.admin)
        let user = try await Self.user(store, "u@commune.fr", role: .utilisateur)
        let manager = try await Self.user(store, "m@commune.fr", role: .gestionnairePrincipal)
        var stored = try await store.createRequest(
            HabilitationRequest(kind: .add, application: .facturesRecues, level: .modification), user: user.id, structure: Self.commune, comment: "svp", by: AuditActor(user)
        )
        var concurrent = stored
        try stored.request.approve(by: manager.id, comment: "ok")
        try await store.decide(stored, by: AuditActor(manager))
        #expect(try await store.habilitations(of: user.id).map(\.application) == [.facturesRecues])
        try concurrent.request.refuse(by: manager.id, comment: "non")
        await #expect(throws: StoreError.conflict("demande \(stored.id)")) { try await store.decide(concurrent, by: AuditActor(manager)) }
        #expect(try await store.request(id: stored.id)?.request.state == .approved(by: manager.id, comment: "ok"))
        #expect(try await store.requests(of: nil, on: [Self.commune], pendingOnly: true).isEmpty)
    }

    /// Uniqueness of a pending request is the database's: two identical
    /// requests written at the same moment give one request and one refusal.
    @Test(arguments: StoreFactory.all) func identicalPendingRequestsSentAtOnceGiveOne(_ factory: StoreFactory) async throws {
        let store = try factory.make()
        try await store.createStructure(Structure(identifier: Self.commune, name: "COMMUNE", isPublic: true), by: Self.admin)
        let agent = try await Self.user(store, "agent@commune.fr", role: .utilisateur)
        let wanted = HabilitationRequest(kind: .add, application: .facturesRecues, level: .modification)
        let outcomes = await withTaskGroup(of: Result<StoredRequest, any Error>.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do {
                        return .success(try await store.createRequest(wanted, user: agent.id, structure: Self.commune, comment: "", by: AuditActor(agent)))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let created = outcomes.compactMap { try? $0.get() }
        let refusals = outcomes.compactMap { outcome -> StoreError? in
            if case let .failure(error) = outcome { return error as? StoreError }
            return nil
        }
        #expect(created.count == 1)
        #expect(refusals.count == 7)
        #expect(refusals.allSatisfy { if case .duplicate = $0 { true } else { false } })
        #expect(try await store.requests(of: agent.id, on: nil, pendingOnly: true).count == 1)
        // Once decided, the same request may be asked again.
        var decided = try #require(created.first)
        try decided.request.withdraw()
        try await store.decide(decided, by: AuditActor(agent))
        _ = try await store.createRequest(wanted, user: agent.id, structure: Self.commune, comment: "", by: AuditActor(agent))
    }
}
