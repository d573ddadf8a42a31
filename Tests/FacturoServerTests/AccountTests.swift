import FacturoClient
import FacturoWire
import Foundation
import Testing

/// Accounts: a manager's new user joins the manager's structure; password
/// change needs the old one; administrators reset.
@Suite struct AccountTests {
    @Test func managersCreateUsersInTheirStructureAndPasswordsChange() async throws {
        let fixture = try await OrganisationFixture.start()
        let manager = try await fixture.connect(as: .manager)
        let created = try await manager.call(UserCatalogue.create, Facturo_V1_UserCreateRequest.with {
            $0.email = "Nouvelle.Recrue@Demo.Facturo.fr"
            $0.displayName = "Nouvelle recrue"
            $0.kind = "Entité publique"
            $0.password = "premier mot de passe"
        }).user
        #expect(created.email == "nouvelle.recrue@demo.facturo.fr")
        let listed = try await manager.call(UserCatalogue.list, Facturo_V1_UserListRequest.with { $0.structure = OrganisationFixture.commune })
        #expect(listed.users.first { $0.user.email == created.email }?.role == "utilisateur")
        let duplicate = await CallOutcome.of {
            _ = try await manager.call(UserCatalogue.create, Facturo_V1_UserCreateRequest.with {
                $0.email = "nouvelle.recrue@demo.facturo.fr"; $0.displayName = "Encore"; $0.password = "premier mot de passe"
            })
        }
        #expect(duplicate == .refused("ALREADY_EXISTS"))

        let user = try await fixture.server.connect()
        _ = try await user.login(email: created.email, password: "premier mot de passe")
        func change(old: String, new: String) async -> CallOutcome {
            await CallOutcome.of {
                _ = try await user.call(UserCatalogue.changePassword, Facturo_V1_PasswordChangeRequest.with { $0.oldPassword = old; $0.newPassword = new })
            }
        }
        #expect(await change(old: "pas le bon", new: "second mot de passe") == .refused("AUTH_INVALID_CREDENTIALS"))
        #expect(await change(old: "premier mot de passe", new: "court") == .refused("WEAK_PASSWORD"))
        #expect(await change(old: "premier mot de passe", new: "second mot de passe") == .allowed)
        let relogin = try await fixture.server.connect()
        #expect(await CallOutcome.of { _ = try await relogin.login(email: created.email, password: "premier mot de passe") } == .refused("AUTH_INVALID_CREDENTIALS"))
        _ = try await relogin.login(email: created.email, password: "second mot de passe")

        let admin = try await fixture.connect(as: .administrator)
        _ = try await admin.call(UserCatalogue.resetPassword, Facturo_V1_PasswordResetRequest.with { $0.email = created.email; $0.newPassword = "remis par l'administration" })
        let afterReset = try await fixture.server.connect()
        _ = try await afterReset.login(email: created.email, password: "remis par l'administration")
        let audit = try await admin.call(AuditCatalogue.list, Facturo_V1_AuditListRequest.with { $0.limit = 20 })
        #expect(audit.entries.contains { $0.action == "user.password_reset" && $0.target == created.email && $0.after.isEmpty })
        #expect(audit.entries.contains { $0.action == "user.password_change" && $0.actor == created.email })
        for connection in [manager, user, relogin, admin, afterReset] { await connection.close() }
        try await fixture.server.shutdown()
    }
}

/// Administrator accounts restricted to mutual TLS: their organisation
/// powers need a verified client certificate too, not only `admin …`.
@Suite struct AdministratorCertificateTests {
    @Test func administratorsActOnlyWithAVerifiedCertificate() async throws {
        let fixture = try await OrganisationFixture.start(adminClientCA: TestPKI.ca)
        let create: @Sendable (FacturoConnection) async throws -> Void = { connection in
            _ = try await connection.call(DirectoryCatalogue.create, Facturo_V1_StructureCreateRequest.with {
                $0.structure.identifier = "44306184100047"
                $0.structure.name = "NOUVELLE STRUCTURE"
            })
        }
        let plain = try await fixture.connect(as: .administrator)
        #expect(await CallOutcome.of { try await create(plain) } == .refused("AUTH_CLIENT_CERTIFICATE_REQUIRED"))
        #expect(try await fixture.server.store.structure(.init(parsing: "44306184100047")) == nil)

        let withCertificate = try await FacturoConnection.connect(fixture.server.clientConfiguration(certificate: TestPKI.clientCertificate, key: TestPKI.clientKey))
        _ = try await withCertificate.login(email: "admin@demo.facturo.fr", password: OrganisationFixture.password)
        #expect(await CallOutcome.of { try await create(withCertificate) } == .allowed)
        // Users who are not administrators are not affected.
        let manager = try await fixture.connect(as: .manager)
        #expect(await CallOutcome.of {
            _ = try await manager.call(UserCatalogue.list, Facturo_V1_UserListRequest.with { $0.structure = OrganisationFixture.commune })
        } == .allowed)
        for connection in [plain, withCertificate, manager] { await connection.close() }
        try await fixture.server.shutdown()
    }
}
