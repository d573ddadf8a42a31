import FacturoClient
import FacturoDomain
import FacturoWire
import Foundation
import Testing

/// Every free text field is bounded on the server: one character over the
/// limit is INVALID_ARGUMENT naming the field and the limit, and nothing is
/// stored; at the limit the length is not what is refused.
@Suite struct TextBoundTests {
    typealias Fixture = OrganisationFixture
    typealias Send = @Sendable (FacturoConnection, String) async throws -> Void

    struct Bound: Sendable, CustomStringConvertible {
        var limit: TextLimit
        var role: Fixture.Role
        var send: Send
        var description: String { limit.field + " (\(limit.maximum))" }
    }

    static let bounds: [Bound] = [
        Bound(limit: .requestComment, role: .consultation) { c, text in
            _ = try await c.call(HabilitationCatalogue.createRequest, Facturo_V1_HabilitationRequestCreateRequest.with {
                $0.structure = Fixture.commune; $0.kind = "add"; $0.application = "factures_emises"; $0.level = "consultation"; $0.comment = text
            })
        },
        // Request 1 is the consultation user's, pending: a refusal needs a comment.
        Bound(limit: .requestComment, role: .manager) { c, text in
            _ = try await c.call(HabilitationCatalogue.decideRequest, Facturo_V1_HabilitationRequestDecideRequest.with { $0.id = 1; $0.decision = "refuse"; $0.comment = text })
        },
        Bound(limit: .searchName, role: .consultation) { c, text in
            _ = try await c.call(DirectoryCatalogue.search, Facturo_V1_DirectorySearchRequest.with { $0.name = text })
        },
        Bound(limit: .searchTown, role: .consultation) { c, text in
            _ = try await c.call(DirectoryCatalogue.search, Facturo_V1_DirectorySearchRequest.with { $0.town = text })
        },
        Bound(limit: .searchPostcode, role: .consultation) { c, text in
            _ = try await c.call(DirectoryCatalogue.search, Facturo_V1_DirectorySearchRequest.with { $0.postcode = text })
        },
        Bound(limit: .searchIdentifier, role: .consultation) { c, text in
            _ = try await c.call(DirectoryCatalogue.search, Facturo_V1_DirectorySearchRequest.with { $0.identifier = text })
        },
        Bound(limit: .notice, role: .administrator) { c, text in
            _ = try await c.call(AdministrationCatalogue.broadcastNotice, Facturo_V1_BroadcastNoticeRequest.with { $0.text = text })
        },
        Bound(limit: .sessionID, role: .administrator) { c, text in
            _ = try await c.call(AdministrationCatalogue.closeSession, Facturo_V1_CloseSessionRequest.with { $0.sessionID = text })
        },
        Bound(limit: .importID, role: .administrator) { c, text in
            _ = try await c.call(DirectoryCatalogue.importChunk, Facturo_V1_DirectoryImportRequest.with {
                $0.importID = text; $0.header = ["identifiant", "raison_sociale", "publique"]; $0.first = true; $0.last = true
            })
        },
        Bound(limit: .importColumn, role: .administrator) { c, text in
            _ = try await c.call(DirectoryCatalogue.importChunk, Facturo_V1_DirectoryImportRequest.with {
                $0.importID = "bornes"; $0.header = ["identifiant", "raison_sociale", "publique", text]; $0.first = true; $0.last = true
            })
        },
        Bound(limit: .loginEmail, role: .anonymous) { c, text in
            _ = try await c.login(email: text, password: "un mot de passe quelconque")
        },
        Bound(limit: .loginPassword, role: .anonymous) { c, text in
            _ = try await c.login(email: "consultation@demo.facturo.fr", password: text)
        },
    ]

    static func refusal(_ call: () async throws -> Void) async -> WireError? {
        do {
            try await call()
            return nil
        } catch let ClientError.server(error) {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test(arguments: bounds)
    func oneCharacterOverTheLimitIsRefusedNamingTheFieldAndTheLimit(_ bound: Bound) async throws {
        let fixture = try await Fixture.start()
        let connection = try await fixture.connect(as: bound.role)
        let before = try await fixture.snapshot()
        // Multi-byte characters: the limit counts characters, not bytes.
        let over = String(repeating: "é", count: bound.limit.maximum + 1)
        let error = try #require(await Self.refusal { try await bound.send(connection, over) })
        #expect(error.code.rawValue == "INVALID_ARGUMENT")
        #expect(error.message.contains(bound.limit.field) && error.message.contains("\(bound.limit.maximum)"), "\(error.message)")
        #expect(try await fixture.snapshot() == before)
        // At the limit, whatever else is said, it is not about the length.
        let at = String(repeating: "é", count: bound.limit.maximum)
        let other = await Self.refusal { try await bound.send(connection, at) }
        #expect(other.map { !$0.message.contains("caractères au plus") } ?? true, "\(other?.message ?? "")")
        await connection.close()
        try await fixture.server.shutdown()
    }

    /// A field of an import record over its bound rejects that record only.
    @Test func anImportFieldOverItsBoundRejectsItsRecord() async throws {
        let fixture = try await Fixture.start()
        let admin = try await fixture.connect(as: .administrator)
        let answer = try await admin.call(DirectoryCatalogue.importChunk, Facturo_V1_DirectoryImportRequest.with {
            $0.importID = "champs"; $0.header = ["identifiant", "raison_sociale", "publique"]; $0.first = true; $0.last = true
            $0.records = [
                .with { $0.line = 2; $0.fields = ["51782143000017", String(repeating: "x", count: TextLimit.importField.maximum + 1), "non"] },
                .with { $0.line = 3; $0.fields = ["44306184100047", "BONNE LIGNE", "non"] },
            ]
        })
        #expect(answer.rejected.map(\.line) == [2])
        #expect(answer.rejected.first?.code == "INVALID_ARGUMENT")
        #expect(answer.rejected.first?.reason.contains("1000") == true)
        #expect(answer.counts.structuresCreated == 1)
        try await fixture.server.shutdown()
    }

    /// Refusals quote the wrong value, cut: a huge input never comes back.
    @Test func aRefusalNeverCarriesAHugeInputBack() async throws {
        let fixture = try await Fixture.start()
        let user = try await fixture.connect(as: .consultation)
        let huge = String(repeating: "9", count: 100_000)
        let error = try #require(await Self.refusal {
            _ = try await user.call(DirectoryCatalogue.show, Facturo_V1_StructureShowRequest.with { $0.structure = huge })
        })
        #expect(error.code.rawValue == "INVALID_SIRET" || error.code.rawValue == "INVALID_IDENTIFIER")
        #expect(error.message.utf8.count < 300, "\(error.message.utf8.count) bytes")
        try await fixture.server.shutdown()
    }
}
