import FacturoClient
import FacturoDomain
import FacturoStore
import FacturoWire
import Foundation
import Testing

/// Callers who may not know which accounts exist outside their structure get
/// the same answer, code and words, for an unknown e-mail and for another
/// structure's account (its manager, its technical account): nothing tells
/// them that the account exists.
@Suite struct AccountEnumerationTests {
    typealias Fixture = OrganisationFixture
    static let commune = Fixture.commune
    static let unknown = "personne.inconnue@demo.facturo.fr"

    typealias Probe = @Sendable (FacturoConnection, String) async throws -> String

    static let probes: [(String, Probe)] = [
        ("user attach", { c, email in
            _ = try await c.call(UserCatalogue.attach, Facturo_V1_AttachRequest.with { $0.email = email; $0.structure = commune })
            return "ok"
        }),
        ("user detach", { c, email in
            _ = try await c.call(UserCatalogue.detach, Facturo_V1_DetachRequest.with { $0.email = email; $0.structure = commune })
            return "ok"
        }),
        ("user role", { c, email in
            _ = try await c.call(UserCatalogue.setRole, Facturo_V1_SetRoleRequest.with { $0.email = email; $0.structure = commune; $0.role = "utilisateur" })
            return "ok"
        }),
        ("habilitation grant", { c, email in
            let answer = try await c.call(HabilitationCatalogue.grant, Facturo_V1_HabilitationChangeRequest.with {
                $0.email = email; $0.structure = commune; $0.application = "structures"; $0.level = "consultation"
            })
            return "changed \(answer.changed)"
        }),
        ("habilitation revoke", { c, email in
            let answer = try await c.call(HabilitationCatalogue.revoke, Facturo_V1_HabilitationChangeRequest.with {
                $0.email = email; $0.structure = commune; $0.application = "structures"; $0.level = "consultation"
            })
            return "changed \(answer.changed)"
        }),
        ("habilitation list --user", { c, email in
            let answer = try await c.call(HabilitationCatalogue.list, Facturo_V1_HabilitationListRequest.with { $0.structure = commune; $0.email = email })
            return "\(answer.habilitations.count) habilitations, total \(answer.total)"
        }),
        ("techaccount rebind", { c, email in
            _ = try await c.call(TechnicalAccountCatalogue.rebind, Facturo_V1_TechnicalAccountRebindRequest.with {
                $0.structure = commune; $0.email = email; $0.certificateSha256 = String(repeating: "ee", count: 32)
            })
            return "ok"
        }),
        ("techaccount revoke", { c, email in
            _ = try await c.call(TechnicalAccountCatalogue.revoke, Facturo_V1_TechnicalAccountRevokeRequest.with { $0.structure = commune; $0.email = email })
            return "ok"
        }),
    ]

    static func answer(_ call: () async throws -> String) async -> String {
        do {
            return try await call()
        } catch let ClientError.server(error) {
            return "\(error.code.rawValue): \(error.message)"
        } catch {
            return "unexpected: \(error)"
        }
    }

    @Test(arguments: [Fixture.Role.consultation, .modification, .secondaryManager, .manager])
    func unknownAndForeignAccountsGetTheSameAnswer(as role: Fixture.Role) async throws {
        let fixture = try await Fixture.start()
        let connection = try await fixture.connect(as: role)
        for foreign in [Fixture.acmeSystem, Fixture.acmeManager] {
            for (name, probe) in Self.probes {
                let foreignAnswer = await Self.answer { try await probe(connection, foreign) }
                let unknownAnswer = await Self.answer { try await probe(connection, Self.unknown) }
                #expect(
                    foreignAnswer.replacingOccurrences(of: foreign, with: "…") == unknownAnswer.replacingOccurrences(of: Self.unknown, with: "…"),
                    "\(name) on \(foreign) as \(role.rawValue)"
                )
            }
        }
        await connection.close()
        try await fixture.server.shutdown()
    }

    /// Naming a certificate binds nothing until its holder logs in with it:
    /// the answer is the same for a certificate no one uses and for
    /// another structure's, and the other structure keeps its certificate.
    @Test func namingAnotherStructuresCertificateTellsAndBindsNothing() async throws {
        let fixture = try await Fixture.start()
        let manager = try await fixture.connect(as: .manager)
        func create(_ email: String, _ sha256: String) async -> String {
            await Self.answer {
                let answer = try await manager.call(TechnicalAccountCatalogue.create, Facturo_V1_TechnicalAccountCreateRequest.with {
                    $0.structure = Self.commune; $0.email = email; $0.certificateSha256 = sha256
                })
                return "\(answer.account.active) \(answer.account.technical) \(answer.account.kind)"
            }
        }
        let fresh = await create("neuf@demo.facturo.fr", String(repeating: "12", count: 32))
        let foreign = await create("copie@demo.facturo.fr", Fixture.acmeSystemSha256)
        #expect(fresh == foreign)
        #expect(!foreign.contains("ALREADY_EXISTS"))
        let store = fixture.server.store
        let acmeCertificate = try CertificateFingerprint(Fixture.acmeSystemSha256)
        #expect(try await store.technicalAccount(fingerprint: acmeCertificate)?.email.value == Fixture.acmeSystem, "ACME keeps its certificate")
        #expect(try await store.claimCertificate(acmeCertificate, account: nil)?.email.value == Fixture.acmeSystem, "its holder logs in to ACME's account")
        await #expect(throws: StoreError.self, "the copy never binds") {
            _ = try await store.claimCertificate(acmeCertificate, account: EmailAddress("copie@demo.facturo.fr"))
        }
        // ACME renews its certificate: its old system, logging in as before
        // without naming an account, must not land in the commune's copy.
        let acmeSystem = try #require(try await store.user(email: EmailAddress(Fixture.acmeSystem)))
        try await store.setCertificateFingerprint(acmeSystem.id, CertificateFingerprint(String(repeating: "ad", count: 32)), by: .system)
        #expect(try await store.claimCertificate(acmeCertificate, account: nil) == nil)
        await manager.close()
        try await fixture.server.shutdown()
    }
}
