import FacturoClient
import FacturoWire
import Foundation
import Testing

/// The request/approval workflow end to end, and technical accounts logged
/// in by client certificate.
@Suite struct HabilitationWorkflowTests {
    static let chaourcois = "20007104100046"

    /// A server verifying client certificates, the commune's principal
    /// manager connected over one, and that certificate's fingerprint.
    static func certificateFixture() async throws -> (OrganisationFixture, FacturoConnection, String) {
        let fixture = try await OrganisationFixture.start(clientCA: TestPKI.ca)
        let manager = try await FacturoConnection.connect(fixture.server.clientConfiguration(certificate: TestPKI.clientCertificate, key: TestPKI.clientKey))
        _ = try await manager.login(email: "acheteur@demo.facturo.fr", password: OrganisationFixture.password)
        return (fixture, manager, try CertificateFiles.fingerprint(ofPEMFile: TestPKI.clientCertificate).hex)
    }

    static func createSystem(_ email: String, _ fingerprint: String, by manager: FacturoConnection) async throws {
        _ = try await manager.call(TechnicalAccountCatalogue.create, Facturo_V1_TechnicalAccountCreateRequest.with {
            $0.structure = OrganisationFixture.commune; $0.email = email; $0.certificateSha256 = fingerprint
        })
    }

    /// No check-then-insert: identical requests pipelined on two connections
    /// at the same moment give one request, the others ALREADY_EXISTS.
    @Test func identicalRequestsSentAtOnceGiveOneRequest() async throws {
        let fixture = try await OrganisationFixture.start()
        let first = try await fixture.server.connect()
        let second = try await fixture.server.connect()
        for connection in [first, second] {
            _ = try await connection.login(email: "agent@cc-chaourcois.demo.facturo.fr", password: OrganisationFixture.password)
        }
        let request = Facturo_V1_HabilitationRequestCreateRequest.with {
            $0.structure = Self.chaourcois; $0.kind = "add"; $0.application = "factures_recues"; $0.level = "modification"
        }
        let codes = await withTaskGroup(of: String.self) { group in
            for index in 0..<6 {
                let connection = index.isMultiple(of: 2) ? first : second
                group.addTask {
                    do {
                        _ = try await connection.call(HabilitationCatalogue.createRequest, request)
                        return "created"
                    } catch {
                        return (error as? ClientError)?.code?.rawValue ?? "\(error)"
                    }
                }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(codes.filter { $0 == "created" }.count == 1)
        #expect(codes.filter { $0 == "ALREADY_EXISTS" }.count == 5)
        let mine = try await first.call(HabilitationCatalogue.listRequests, Facturo_V1_HabilitationRequestListRequest.with { $0.mine = true; $0.pendingOnly = true })
        #expect(mine.requests.count == 1)
        // The refusal names the request that stands.
        await #expect { _ = try await second.call(HabilitationCatalogue.createRequest, request) } throws: { error in
            guard case let .server(wire) = error as? ClientError else { return false }
            return wire.code.rawValue == "ALREADY_EXISTS" && wire.message.hasSuffix("(demande \(mine.requests[0].id))")
        }
        try await fixture.server.shutdown()
    }

    /// A person joins a structure with their own consent: they ask (kind
    /// attach, with the habilitation they need), a manager approves, and
    /// the attachment and the habilitation exist from the decision on.
    @Test func anAttachmentRequestApprovedAttachesAndGrants() async throws {
        let fixture = try await OrganisationFixture.start()
        let person = try await fixture.server.connect()
        _ = try await person.login(email: "association@demo.facturo.fr", password: OrganisationFixture.password)
        let ask = Facturo_V1_HabilitationRequestCreateRequest.with {
            $0.structure = OrganisationFixture.commune; $0.kind = "attach"; $0.application = "factures_emises"; $0.level = "consultation"
            $0.comment = "trésorière de l'association"
        }
        let created = try await person.call(HabilitationCatalogue.createRequest, ask).request
        #expect(created.kind == "attach" && created.state == "pending")
        // Not attached yet: the commune's organisation is still out of reach.
        await #expect { _ = try await person.call(UserCatalogue.list, Facturo_V1_UserListRequest.with { $0.structure = OrganisationFixture.commune }) } throws: { error in
            (error as? ClientError)?.code?.rawValue == "NOT_FOUND"
        }
        let manager = try await fixture.connect(as: .manager)
        let pending = try await manager.call(HabilitationCatalogue.listRequests, Facturo_V1_HabilitationRequestListRequest.with { $0.pendingOnly = true })
        #expect(pending.requests.contains { $0.id == created.id && $0.email == "association@demo.facturo.fr" })
        _ = try await manager.call(HabilitationCatalogue.decideRequest, Facturo_V1_HabilitationRequestDecideRequest.with { $0.id = created.id; $0.decision = "approve" })
        let mine = try await person.call(HabilitationCatalogue.mine, Facturo_V1_MyHabilitationsRequest())
        #expect(mine.attachments.map(\.structure) == [OrganisationFixture.commune])
        #expect(mine.attachments.first?.role == "utilisateur")
        #expect(mine.habilitations.map { "\($0.application):\($0.level)" } == ["factures_emises:consultation"])
        // Attached now: asking again is refused, the habilitation is asked with add.
        await #expect { _ = try await person.call(HabilitationCatalogue.createRequest, ask) } throws: { error in
            (error as? ClientError)?.code?.rawValue == "ALREADY_ATTACHED"
        }
        let audit = try await manager.call(AuditCatalogue.list, Facturo_V1_AuditListRequest.with { $0.structure = OrganisationFixture.commune; $0.limit = 5 })
        #expect(Set(audit.entries.prefix(3).map(\.action)) == ["request.approved", "attachment.create", "habilitation.grant"])
        try await fixture.server.shutdown()
    }

    /// A named certificate binds at its holder's first login; when two
    /// accounts wait for the same one, the login names which, and the other
    /// one can no longer take it.
    @Test func theFirstCertificateLoginBindsAndTwoClaimsNeedAName() async throws {
        let (fixture, manager, fingerprint) = try await Self.certificateFixture()
        for email in ["erp.a@demo.facturo.fr", "erp.b@demo.facturo.fr"] { try await Self.createSystem(email, fingerprint, by: manager) }
        func login(_ account: String) async -> String {
            do {
                let connection = try await FacturoConnection.connect(fixture.server.clientConfiguration(certificate: TestPKI.clientCertificate, key: TestPKI.clientKey))
                defer { Task { await connection.close() } }
                return try await connection.loginWithCertificate(account: account).user.email
            } catch {
                return (error as? ClientError)?.code?.rawValue ?? "\(error)"
            }
        }
        #expect(await login("") == "AUTH_UNKNOWN_CERTIFICATE", "two accounts wait: the login must name one")
        #expect(await login("erp.b@demo.facturo.fr") == "erp.b@demo.facturo.fr")
        #expect(await login("") == "erp.b@demo.facturo.fr", "bound now")
        #expect(await login("erp.a@demo.facturo.fr") == "AUTH_UNKNOWN_CERTIFICATE", "another account's certificate")
        let audit = try await manager.call(AuditCatalogue.list, Facturo_V1_AuditListRequest.with { $0.structure = OrganisationFixture.commune; $0.limit = 1 })
        #expect(audit.entries.first?.action == "technical_account.bind")
        #expect(audit.entries.first?.target == "erp.b@demo.facturo.fr")
        await manager.close()
        try await fixture.server.shutdown()
    }

    /// Each attachment request reaches a structure's managers and audit for
    /// good: a person has at most 10 pending at once.
    @Test func attachmentRequestsPendingAtOnceAreBounded() async throws {
        let fixture = try await OrganisationFixture.start()
        let person = try await fixture.server.connect()
        _ = try await person.login(email: "association@demo.facturo.fr", password: OrganisationFixture.password)
        let asks = ["factures_emises", "factures_recues", "factures_travaux", "engagements", "structures", "utilisateurs"].flatMap { application in
            ["consultation", "modification"].map { (application, $0) }
        }
        var outcomes: [CallOutcome] = []
        for (application, level) in asks.prefix(11) {
            outcomes.append(await CallOutcome.of {
                _ = try await person.call(HabilitationCatalogue.createRequest, Facturo_V1_HabilitationRequestCreateRequest.with {
                    $0.structure = OrganisationFixture.commune; $0.kind = "attach"; $0.application = application; $0.level = level
                })
            })
        }
        #expect(outcomes.prefix(10).allSatisfy { $0 == .allowed })
        #expect(outcomes.last == .refused("INVALID_ARGUMENT"))
        try await fixture.server.shutdown()
    }

    @Test func aTechnicalAccountNeverAsksToJoinAnotherStructure() async throws {
        let (fixture, manager, fingerprint) = try await Self.certificateFixture()
        try await Self.createSystem("erp@demo.facturo.fr", fingerprint, by: manager)
        let system = try await FacturoConnection.connect(fixture.server.clientConfiguration(certificate: TestPKI.clientCertificate, key: TestPKI.clientKey))
        _ = try await system.loginWithCertificate(account: "erp@demo.facturo.fr")
        await #expect { _ = try await system.call(HabilitationCatalogue.createRequest, Facturo_V1_HabilitationRequestCreateRequest.with {
            $0.structure = OrganisationFixture.acme; $0.kind = "attach"; $0.application = "structures"; $0.level = "modification"
        }) } throws: { error in
            (error as? ClientError)?.code?.rawValue == "FORBIDDEN"
        }
        try await fixture.server.shutdown()
    }

    @Test func requestApprovedByThePrincipalManagerGrantsItAndTellsTheRequester() async throws {
        let fixture = try await OrganisationFixture.start()
        let agent = try await fixture.server.connect()
        _ = try await agent.login(email: "agent@cc-chaourcois.demo.facturo.fr", password: OrganisationFixture.password)
        let manager = try await fixture.server.connect()
        _ = try await manager.login(email: "gestionnaire@cc-chaourcois.demo.facturo.fr", password: OrganisationFixture.password)

        let mine = try await agent.call(HabilitationCatalogue.mine, Facturo_V1_MyHabilitationsRequest())
        #expect(Set(mine.habilitations.map { "\($0.applicationLabel) - \($0.level)" }) == [
            "Engagements - consultation", "Factures de travaux - modification", "Factures émises - consultation",
            "Raccordements - modification", "Sollicitations émises - modification",
        ])

        var managerEvents = manager.events.makeAsyncIterator()
        let created = try await agent.call(HabilitationCatalogue.createRequest, Facturo_V1_HabilitationRequestCreateRequest.with {
            $0.structure = Self.chaourcois; $0.kind = "add"; $0.application = "factures_recues"; $0.level = "modification"
        }).request
        #expect(created.state == "pending")
        // The manager hears of it at once (event 1003).
        let pendingEvent = try #require(await managerEvents.next())
        #expect(pendingEvent.type == EventCatalogue.requestPending.messageType)
        let announced = try pendingEvent.payload.decodeMessage(Facturo_V1_RequestPendingEvent.self, of: pendingEvent.type)
        #expect(announced.id == created.id)
        #expect(announced.email == "agent@cc-chaourcois.demo.facturo.fr")
        #expect(announced.structure == Self.chaourcois)
        #expect(announced.application == "factures_recues" && announced.level == "modification")

        let pending = try await manager.call(HabilitationCatalogue.listRequests, Facturo_V1_HabilitationRequestListRequest.with { $0.pendingOnly = true })
        #expect(pending.pendingCount == 1)
        #expect(pending.requests.map(\.id) == [created.id])

        // The requester cannot approve their own request.
        await #expect(throws: ClientError.self) {
            _ = try await agent.call(HabilitationCatalogue.decideRequest, Facturo_V1_HabilitationRequestDecideRequest.with { $0.id = created.id; $0.decision = "approve" })
        }
        let decided = try await manager.call(HabilitationCatalogue.decideRequest, Facturo_V1_HabilitationRequestDecideRequest.with {
            $0.id = created.id; $0.decision = "approve"; $0.comment = "accordé"
        }).request
        #expect(decided.state == "approved")

        var events = agent.events.makeAsyncIterator()
        let event = try #require(await events.next())
        #expect(event.type == .requestDecidedEvent)
        let payload = try event.payload.decodeMessage(Facturo_V1_HabilitationRequestDecidedEvent.self, of: event.type)
        #expect(payload.request.id == created.id && payload.request.state == "approved")

        let now = try await agent.call(HabilitationCatalogue.mine, Facturo_V1_MyHabilitationsRequest())
        #expect(now.habilitations.contains { $0.application == "factures_recues" && $0.level == "modification" })

        // A decision is final.
        let again = await CallOutcome.of {
            _ = try await manager.call(HabilitationCatalogue.decideRequest, Facturo_V1_HabilitationRequestDecideRequest.with { $0.id = created.id; $0.decision = "refuse"; $0.comment = "non" })
        }
        #expect(again == .refused("INVALID_REQUEST_TRANSITION"))
        await agent.close()
        await manager.close()
        try await fixture.server.shutdown()
    }

    @Test func technicalAccountLogsInByCertificateOnlyAndIsRefusedAfterRevocation() async throws {
        let (fixture, manager, fingerprint) = try await Self.certificateFixture()
        try await Self.createSystem("erp@demo.facturo.fr", fingerprint, by: manager)

        let system = try await FacturoConnection.connect(fixture.server.clientConfiguration(certificate: TestPKI.clientCertificate, key: TestPKI.clientKey))
        // No password works for a technical account.
        let byPassword = await CallOutcome.of { _ = try await system.login(email: "erp@demo.facturo.fr", password: TechnicalAccountPasswordProbe.password) }
        #expect(byPassword == .refused("AUTH_INVALID_CREDENTIALS"))
        let session = try await system.loginWithCertificate(account: "erp@demo.facturo.fr")
        #expect(session.user.email == "erp@demo.facturo.fr" && session.user.technical)
        _ = try await system.call(DirectoryCatalogue.show, Facturo_V1_StructureShowRequest.with { $0.structure = OrganisationFixture.commune })

        // A renewed certificate: the new one logs in, the old one no longer does.
        _ = try await manager.call(TechnicalAccountCatalogue.rebind, Facturo_V1_TechnicalAccountRebindRequest.with {
            $0.structure = OrganisationFixture.commune; $0.email = "erp@demo.facturo.fr"; $0.certificateSha256 = try CertificateFiles.fingerprint(ofPEMFile: TestPKI.path("admin.crt")).hex
        })
        let oldCertificate = try await FacturoConnection.connect(fixture.server.clientConfiguration(certificate: TestPKI.clientCertificate, key: TestPKI.clientKey))
        #expect(await CallOutcome.of { _ = try await oldCertificate.loginWithCertificate() } == .refused("AUTH_UNKNOWN_CERTIFICATE"))
        let renewed = try await FacturoConnection.connect(fixture.server.clientConfiguration(certificate: TestPKI.path("admin.crt"), key: TestPKI.path("admin.key")))
        #expect(try await renewed.loginWithCertificate(account: "erp@demo.facturo.fr").user.email == "erp@demo.facturo.fr")

        _ = try await manager.call(TechnicalAccountCatalogue.revoke, Facturo_V1_TechnicalAccountRevokeRequest.with {
            $0.structure = OrganisationFixture.commune; $0.email = "erp@demo.facturo.fr"
        })
        let afterRevocation = await CallOutcome.of {
            _ = try await renewed.call(DirectoryCatalogue.show, Facturo_V1_StructureShowRequest.with { $0.structure = OrganisationFixture.commune })
        }
        #expect(afterRevocation == .refused("AUTH_ACCOUNT_DISABLED"))
        let again = try await FacturoConnection.connect(fixture.server.clientConfiguration(certificate: TestPKI.path("admin.crt"), key: TestPKI.path("admin.key")))
        let relogin = await CallOutcome.of { _ = try await again.loginWithCertificate() }
        #expect(relogin == .refused("AUTH_UNKNOWN_CERTIFICATE"))
        for connection in [manager, again, system, oldCertificate] { await connection.close() }
        try await fixture.server.shutdown()
    }
}

enum TechnicalAccountPasswordProbe {
    /// The marker stored instead of a hash must not work as a password.
    static let password = "!technical-account"
}
