import FacturoClient
import FacturoWire
import Testing

/// The caller's rights come from memory (the store's read-through cache);
/// these hold the promise that survives it: a change made by someone else
/// applies at the caller's very next request, on a connection that has
/// just been served from that memory.
@Suite("Rights changes apply at the next request")
struct RightsChangeTests {
    typealias Role = OrganisationFixture.Role
    static let commune = OrganisationFixture.commune

    static func listHabilitations(_ connection: FacturoConnection) async -> CallOutcome {
        await CallOutcome.of {
            _ = try await connection.call(HabilitationCatalogue.list, Facturo_V1_HabilitationListRequest.with { $0.structure = commune })
        }
    }

    static func mine(_ connection: FacturoConnection) async throws -> Facturo_V1_MyHabilitationsResponse {
        try await connection.call(HabilitationCatalogue.mine, Facturo_V1_MyHabilitationsRequest())
    }

    @Test func aDetachedUserLosesTheStructureAtOnce() async throws {
        let fixture = try await OrganisationFixture.start()
        let agent = try await fixture.connect(as: .modification)
        let manager = try await fixture.connect(as: .manager)
        #expect(await Self.listHabilitations(agent) == .allowed)
        #expect(await Self.listHabilitations(agent) == .allowed)

        _ = try await manager.call(UserCatalogue.detach, Facturo_V1_DetachRequest.with { $0.email = Role.modification.email!; $0.structure = Self.commune })

        #expect(await Self.listHabilitations(agent) == .refused("NOT_FOUND"))
        #expect(try await Self.mine(agent).attachments.isEmpty)
        for connection in [agent, manager] { await connection.close() }
        try await fixture.server.shutdown()
    }

    @Test func aRevokedHabilitationIsGoneAndAGrantedOneIsThere() async throws {
        let fixture = try await OrganisationFixture.start()
        let agent = try await fixture.connect(as: .modification)
        let manager = try await fixture.connect(as: .manager)
        func level(_ application: String) async throws -> String? {
            try await Self.mine(agent).habilitations.first { $0.application == application }?.level
        }
        #expect(try await level("factures_recues") == "modification")

        let change = Facturo_V1_HabilitationChangeRequest.with {
            $0.email = Role.modification.email!; $0.structure = Self.commune; $0.application = "factures_recues"; $0.level = "modification"
        }
        _ = try await manager.call(HabilitationCatalogue.revoke, change)
        #expect(try await level("factures_recues") == "consultation")

        _ = try await manager.call(HabilitationCatalogue.grant, change)
        #expect(try await level("factures_recues") == "modification")
        for connection in [agent, manager] { await connection.close() }
        try await fixture.server.shutdown()
    }
}
