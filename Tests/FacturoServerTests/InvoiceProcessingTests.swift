import FacturoCertificates
import FacturoClient
import FacturoDomain
import FacturoServer
import FacturoStore
import FacturoWire
import Foundation
import GRDB
import SwiftProtobuf
import Testing

/// Processing received invoices over the wire: concurrent decisions, the
/// tamper-evident history, events to both parties and the outbox, the
/// supplier's follow-up with its checks.
@Suite struct InvoiceProcessingTests {
    static func event<Payload: SwiftProtobuf.Message & Sendable>(
        _ descriptor: EventDescriptor<Payload>, _ events: inout AsyncStream<ServerEvent>.Iterator, where match: (Payload) -> Bool
    ) async throws -> Payload {
        while let event = await events.next() {
            guard event.type == descriptor.messageType else { continue }
            let payload = try event.payload.decodeMessage(Payload.self, of: event.type)
            if match(payload) { return payload }
        }
        throw ClientError.connectionClosed
    }

    static func serverError(_ body: () async throws -> Void) async -> WireErrorInfo? {
        do {
            try await body()
            return nil
        } catch let ClientError.server(error) {
            return WireErrorInfo(code: error.code.rawValue, message: error.message)
        } catch {
            return WireErrorInfo(code: "unexpected \(error)", message: "")
        }
    }

    struct WireErrorInfo: Equatable {
        var code: String
        var message: String
    }

    @Test func twoDecisionsAtOnceOneWinsTheOtherIsToldTheCurrentStatus() async throws {
        let fixture = try await InvoiceFixture.start()
        let first = try await fixture.connect(as: .recipientManager)
        let second = try await fixture.connect(as: .recipientManager)
        let id = fixture.processing.toProcess
        async let a = Self.serverError {
            _ = try await first.call(InvoiceCatalogue.process, .with { $0.id = id; $0.status = "SERVICE_FAIT"; $0.expectedStatus = "MISE_A_DISPOSITION" })
        }
        async let b = Self.serverError {
            _ = try await second.call(InvoiceCatalogue.refuse, .with { $0.id = id; $0.reason = "DOUBLE_FACTURATION"; $0.expectedStatus = "MISE_A_DISPOSITION" })
        }
        let outcomes = await [a, b]
        #expect(outcomes.filter { $0 == nil }.count == 1, "one wins: \(outcomes)")
        let refused = try #require(outcomes.compactMap { $0 }.first)
        #expect(refused.code == "CONFLICT")
        let invoice = try #require(try await fixture.server.store.invoice(id: id))
        #expect(refused.message.contains(invoice.status.rawValue), "the current status is named: \(refused.message)")
        let history = try #require(try await fixture.server.store.invoiceHistory(id: id))
        #expect(history.count == 3, "deposit, made available, one decision: never a lost update")
        #expect(history.last?.entry.to == invoice.status)
        await first.close()
        await second.close()
        try await fixture.server.shutdown()
    }

    @Test func aStaleExpectedStatusChangesNothing() async throws {
        let fixture = try await InvoiceFixture.start()
        let connection = try await fixture.connect(as: .recipientManager)
        let before = try await fixture.snapshot()
        let error = await Self.serverError {
            _ = try await connection.call(InvoiceCatalogue.process, .with { $0.id = fixture.processing.toProcess; $0.status = "SERVICE_FAIT"; $0.expectedStatus = "COMPLETEE" })
        }
        #expect(error?.code == "CONFLICT")
        #expect(error?.message.contains("MISE_A_DISPOSITION") == true)
        #expect(try await fixture.snapshot() == before)
        await connection.close()
        try await fixture.server.shutdown()
    }

    @Test func anEditedHistoryEntryIsFoundByBothChecks() async throws {
        let fixture = try await InvoiceFixture.start()
        let recipient = try await fixture.connect(as: .recipientManager)
        let admin = try await fixture.connect(as: .administrator)
        let id = fixture.processing.toProcess
        _ = try await recipient.call(InvoiceCatalogue.process, .with { $0.id = id; $0.status = "SERVICE_FAIT"; $0.comment = "livré" })
        let verified = try await recipient.call(InvoiceCatalogue.history, .with { $0.id = id; $0.verify = true })
        #expect(verified.verified)
        #expect(verified.entries.map(\.toStatus) == ["DEPOSEE", "MISE_A_DISPOSITION", "SERVICE_FAIT"])
        let clean = try await admin.call(InvoiceCatalogue.verifyAllHistories, Facturo_V1_HistoryVerifyAllRequest())
        #expect(clean.broken == 0)
        #expect(clean.invoices >= 7)

        // The triggers refuse the edit; an attacker with the file drops them first.
        let store = try #require(fixture.server.store as? SQLiteStore)
        // The server writes too (delivery marks, in the background): wait
        // for the lock rather than fail on it.
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let database = try DatabaseQueue(path: store.path, configuration: configuration)
        do {
            try await database.write { try $0.execute(sql: "UPDATE invoice_history SET comment = 'rien' WHERE comment = 'livré'") }
            Issue.record("the history accepted an UPDATE")
        } catch let error as DatabaseError {
            #expect(error.message?.contains("append-only") == true, "refused by the trigger: \(error)")
        }
        try await database.write { db in
            try db.execute(sql: "DROP TRIGGER invoice_history_no_update")
            try db.execute(sql: "UPDATE invoice_history SET comment = 'rien' WHERE comment = 'livré'")
        }
        try database.close()

        let tampered = await Self.serverError { _ = try await recipient.call(InvoiceCatalogue.history, .with { $0.id = id; $0.verify = true }) }
        #expect(tampered?.code == "HISTORY_TAMPERED")
        #expect(tampered?.message.contains("l'entrée 3") == true, "\(tampered?.message ?? "")")
        let audit = try await admin.call(InvoiceCatalogue.verifyAllHistories, Facturo_V1_HistoryVerifyAllRequest())
        #expect(audit.broken == 1)
        #expect(audit.firstBroken.map(\.id) == [id])
        #expect(audit.firstBroken.first?.firstBroken == 3)
        await recipient.close()
        await admin.close()
        try await fixture.server.shutdown()
    }

    @Test func bothPartiesHearOfAChangeAndTheOutboxKeepsIt() async throws {
        let fixture = try await InvoiceFixture.start()
        let recipient = try await fixture.connect(as: .recipientManager)
        let supplier = try await fixture.connect(as: .supplierWriter)
        let quiet = try await fixture.connect(as: .recipientReader)
        _ = try await quiet.call(InvoiceCatalogue.eventUnsubscribe, .with { $0.structures = [InvoiceFixture.commune] })
        let subscriptions = try await quiet.call(InvoiceCatalogue.eventSubscriptions, Facturo_V1_EventSubscriptionsRequest())
        #expect(subscriptions.subscriptions.map(\.subscribed) == [false])
        var supplierEvents = supplier.events.makeAsyncIterator()
        var recipientEvents = recipient.events.makeAsyncIterator()
        let id = fixture.processing.toRefuse
        _ = try await recipient.call(InvoiceCatalogue.refuse, .with { $0.id = id; $0.reason = "JUSTIFICATIF_ABSENT" })
        let heard = try await Self.event(EventCatalogue.invoiceStatus, &supplierEvents) { $0.id == id }
        #expect(heard.status == "SUSPENDUE")
        #expect(heard.previous == "MISE_A_DISPOSITION")
        #expect(heard.reason == "JUSTIFICATIF_ABSENT")
        #expect(heard.by == "acheteur@demo.facturo.fr")
        _ = try await Self.event(EventCatalogue.invoiceStatus, &recipientEvents) { $0.id == id }

        // The supplier completes it: the recipient side hears, the quiet session does not.
        var quietEvents = quiet.events.makeAsyncIterator()
        _ = try await supplier.call(InvoiceCatalogue.complete, .with { $0.id = id; $0.comment = "bon de livraison envoyé" })
        let completed = try await Self.event(EventCatalogue.invoiceStatus, &recipientEvents) { $0.id == id && $0.status == "COMPLETEE" }
        #expect(completed.by == "fournisseur@demo.facturo.fr")
        // A ping after the change: had the quiet session been sent the
        // event, it would have come before the ping's answer.
        _ = try await quiet.ping()
        _ = try await quiet.call(InvoiceCatalogue.eventSubscribe, .with { $0.structures = [InvoiceFixture.commune] })
        _ = try await supplier.call(InvoiceCatalogue.deposit, InvoiceSubmissionTests.deposit(number: "F-EVT-1", key: "", upload: try await InvoiceSubmissionTests.upload(supplier)))
        let next = await quietEvents.next()
        #expect(next?.type == EventCatalogue.invoiceReceived.messageType, "the first event the quiet session gets is the one after it subscribed again")

        let rows = try await fixture.server.store.notifications(NotificationQuery(structures: nil, limit: 1000)).notifications
            .filter { $0.invoiceID == id && $0.kind == .invoiceStatus }
        // Both changes, to both parties, the unsubscribed session's user too: the outbox is per user, not per session.
        #expect(Set(rows.map(\.user)).isSuperset(of: ["acheteur@demo.facturo.fr", "fournisseur@demo.facturo.fr", "consultation@demo.facturo.fr"]))
        #expect(rows.filter { $0.user == "fournisseur@demo.facturo.fr" }.count == 2)
        #expect(rows.contains { $0.user == "fournisseur@demo.facturo.fr" && $0.payload.contains("\"status\":\"SUSPENDUE\"") })
        await recipient.close()
        await supplier.close()
        await quiet.close()
        try await fixture.server.shutdown()
    }

    @Test func recyclingRoutesAgainAndKeepsNumberAndAmounts() async throws {
        let fixture = try await InvoiceFixture.start()
        let supplier = try await fixture.connect(as: .supplierWriter)
        let id = fixture.processing.toRecycle
        let before = try #require(try await fixture.server.store.invoice(id: id))
        let unknown = await Self.serverError { _ = try await supplier.call(InvoiceCatalogue.recycle, .with { $0.id = id; $0.service = "INCONNU" }) }
        #expect(unknown?.code == "ROUTING_SERVICE_UNKNOWN")
        let engagementMissing = await Self.serverError { _ = try await supplier.call(InvoiceCatalogue.recycle, .with { $0.id = id; $0.service = "ECOLES" }) }
        #expect(engagementMissing?.code == "ROUTING_ENGAGEMENT_REQUIRED")
        let done = try await supplier.call(InvoiceCatalogue.recycle, .with { $0.id = id; $0.service = "ECOLES"; $0.engagement = "EJ-1" })
        #expect(done.status == "MISE_A_DISPOSITION")
        #expect(done.previousStatus == "A_RECYCLER")
        let after = try #require(try await fixture.server.store.invoice(id: id))
        #expect(after.document.header.recipientService == "ECOLES")
        #expect(after.document.header.engagement == "EJ-1")
        #expect(after.document.header.number == before.document.header.number)
        #expect(after.document.totals == before.document.totals)
        let again = await Self.serverError { _ = try await supplier.call(InvoiceCatalogue.recycle, .with { $0.id = id; $0.service = "VOIRIE" }) }
        #expect(again?.code == "INVALID_STATUS_TRANSITION")
        await supplier.close()
        try await fixture.server.shutdown()
    }

    @Test func aRejectionIsAcknowledgedOnceAndStaysRejected() async throws {
        let fixture = try await InvoiceFixture.start()
        let supplier = try await fixture.connect(as: .supplierWriter)
        let id = fixture.processing.rejected
        let statuses = try await supplier.call(InvoiceCatalogue.statuses, .with { $0.id = id })
        #expect(statuses.moves.isEmpty)
        #expect(statuses.canAcknowledge)
        let done = try await supplier.call(InvoiceCatalogue.acknowledge, .with { $0.id = id })
        #expect(done.status == "REJETEE")
        let twice = await Self.serverError { _ = try await supplier.call(InvoiceCatalogue.acknowledge, .with { $0.id = id }) }
        #expect(twice?.code == "CONFLICT")
        let shown = try await supplier.call(InvoiceCatalogue.show, .with { $0.id = id })
        #expect(shown.invoice.rejectionAcknowledged)
        let history = try await supplier.call(InvoiceCatalogue.history, .with { $0.id = id })
        #expect(history.entries.last?.action == "rejet_traite")
        await supplier.close()
        try await fixture.server.shutdown()
    }

    /// What the certificate proves does not move: after a completion (a
    /// document added) and a recycling (a new service), the invoice's
    /// certificate still verifies offline, against the server's key.
    @Test func theCertificateStillVerifiesAfterCompletionAndRecycling() async throws {
        let fixture = try await InvoiceFixture.start()
        let supplier = try await fixture.connect(as: .supplierWriter)
        let recipient = try await fixture.connect(as: .recipientManager)
        let deposited = try await supplier.call(InvoiceCatalogue.deposit, InvoiceSubmissionTests.deposit(number: "F-CERT-1", key: "", upload: try await InvoiceSubmissionTests.upload(supplier)))
        let id = deposited.invoice.id
        _ = try await recipient.call(InvoiceCatalogue.refuse, .with { $0.id = id; $0.reason = "JUSTIFICATIF_ABSENT" })
        let upload = try await InvoiceSubmissionTests.upload(supplier, Array("%PDF-1.4 bon de livraison".utf8))
        _ = try await supplier.call(InvoiceCatalogue.complete, .with { $0.id = id; $0.attachments = [.with { $0.uploadID = upload; $0.name = "bon.pdf" }] })
        _ = try await recipient.call(InvoiceCatalogue.refuse, .with { $0.id = id; $0.reason = "SE_INCORRECT" })
        _ = try await supplier.call(InvoiceCatalogue.recycle, .with { $0.id = id; $0.service = " ECOLES "; $0.engagement = "EJ-1" })
        let shown = try await supplier.call(InvoiceCatalogue.show, .with { $0.id = id }).invoice
        #expect(shown.attachments.map(\.name).contains("bon.pdf"))
        #expect(shown.header.recipientService == "ECOLES", "spaces dropped")
        let key = try SigningKeyPEM.publicKey(pem: try await supplier.call(InvoiceCatalogue.certificateKey, Facturo_V1_CertificateKeyRequest()).publicKeyPem)
        let certificate = try DepositCertificate.parse(try await supplier.call(InvoiceCatalogue.certificateShow, .with { $0.id = id }).document)
        #expect(throws: Never.self) { try certificate.verify(publicKey: key) }
        #expect(certificate.digest == deposited.invoice.certificate)
        #expect(certificate.invoice.contains("VOIRIE"), "the routing as deposited")
        #expect(!certificate.invoice.contains("bon.pdf"), "the documents as deposited")
        await supplier.close()
        await recipient.close()
        try await fixture.server.shutdown()
    }

    @Test func onlyAdministratorsCreatePublicAccountants() async throws {
        let fixture = try await InvoiceFixture.start()
        let manager = try await fixture.connect(as: .recipientManager)
        let refused = await Self.serverError {
            _ = try await manager.call(UserCatalogue.create, .with {
                $0.email = "faux-comptable@demo.facturo.fr"
                $0.displayName = "Faux comptable"
                $0.kind = "Comptable public"
                $0.password = "un mot de passe assez long 2026"
            })
        }
        #expect(refused?.code == "FORBIDDEN")
        #expect(try await fixture.server.store.user(email: EmailAddress("faux-comptable@demo.facturo.fr")) == nil)
        await manager.close()
        try await fixture.server.shutdown()
    }

    @Test func controlCharactersAndStaleVersionsAreRefused() async throws {
        let fixture = try await InvoiceFixture.start()
        let recipient = try await fixture.connect(as: .recipientManager)
        let id = fixture.processing.toProcess
        let control = await Self.serverError { _ = try await recipient.call(InvoiceCatalogue.process, .with { $0.id = id; $0.status = "SERVICE_FAIT"; $0.comment = "ligne\u{2028}fausse" }) }
        #expect(control?.code == "INVALID_ARGUMENT")
        let dp = await Self.serverError { _ = try await recipient.call(InvoiceCatalogue.process, .with { $0.id = id; $0.status = "MANDATEE"; $0.dpNumber = "DP\u{07}1" }) }
        #expect(dp?.code == "INVALID_ARGUMENT")
        // A change decided on a version that is no longer there is refused
        // even though the status is the same: written behind the route's back.
        let store = fixture.server.store
        let read = try #require(try await store.invoice(id: id))
        _ = try await store.applyInvoiceChange(InvoiceChange(invoiceID: id, expected: .miseADisposition, action: .status, to: .aRecycler, reason: .seIncorrect, actor: .system, at: 1))
        _ = try await store.applyInvoiceChange(InvoiceChange(invoiceID: id, expected: .aRecycler, action: .recycling, to: .miseADisposition, actor: .system, at: 2))
        await #expect(throws: StoreError.self) {
            _ = try await store.applyInvoiceChange(InvoiceChange(
                invoiceID: id, expected: .miseADisposition, action: .status, to: .serviceFait, actor: .system, at: 3, expectedHistoryCount: read.historyCount
            ))
        }
        await recipient.close()
        try await fixture.server.shutdown()
    }

    /// A user of the recipient restricted to one service names the
    /// structure and gets that service's invoices; another service is
    /// FORBIDDEN, never a row of it.
    @Test func aServiceRestrictedUserSeesItsServiceOnly() async throws {
        let fixture = try await InvoiceFixture.start()
        let store = fixture.server.store
        let commune = try StructureIdentifier(parsing: InvoiceFixture.commune)
        let user = try await store.createUser(
            NewUser(email: EmailAddress("ecoles@demo.facturo.fr"), displayName: "Écoles", kind: .entitePublique, isPlatformAdministrator: false, passwordHash: TestServer.hasher.hash(InvoiceFixture.password)),
            attachment: StructureAttachment(user: UserID(rawValue: 0), structure: commune, role: .utilisateur, serviceCodes: ["ECOLES"]), by: .system
        )
        _ = try await store.grant(Habilitation(user: user.id, structure: commune, application: .facturesRecues, level: .consultation), by: .system)
        let connection = try await fixture.server.connect()
        _ = try await connection.login(email: "ecoles@demo.facturo.fr", password: InvoiceFixture.password)
        let named = try await connection.call(InvoiceCatalogue.search, .with { $0.received = true; $0.recipient = InvoiceFixture.commune })
        #expect(named.invoices.isEmpty, "the fixture's invoices are all VOIRIE's")
        let voirie = await Self.serverError { _ = try await connection.call(InvoiceCatalogue.search, .with { $0.received = true; $0.recipient = InvoiceFixture.commune; $0.service = "VOIRIE" }) }
        #expect(voirie?.code == "FORBIDDEN")
        let shown = await Self.serverError { _ = try await connection.call(InvoiceCatalogue.show, .with { $0.id = fixture.invoice }) }
        #expect(shown?.code == "NOT_FOUND", "an invoice of another service does not exist for them")
        await connection.close()
        try await fixture.server.shutdown()
    }

    /// The accountant's to-do list: what awaits it, not what it cannot
    /// move (COMPTABILISEE where the commune does not handle payment).
    @Test func theAccountantsToDoListHoldsWhatItMayMove() async throws {
        let fixture = try await InvoiceFixture.start()
        let store = fixture.server.store
        let booked = fixture.processing.mandated
        _ = try await store.applyInvoiceChange(InvoiceChange(invoiceID: booked, expected: .mandatee, action: .status, to: .miseADispositionComptable, actor: .system, at: 1))
        _ = try await store.applyInvoiceChange(InvoiceChange(invoiceID: booked, expected: .miseADispositionComptable, action: .status, to: .comptabilisee, actor: .system, at: 2))
        let accountant = try await fixture.connect(as: .accountant)
        let todo = try await accountant.call(InvoiceCatalogue.synthesis, .with { $0.structure = InvoiceFixture.commune })
        #expect(!todo.invoices.contains { $0.id == booked }, "COMPTABILISEE at a commune without MISE_EN_PAIEMENT awaits nothing")
        #expect(todo.invoices.allSatisfy { ["MANDATEE", "MISE_A_DISPOSITION_COMPTABLE"].contains($0.status) })
        let moves = try await accountant.call(InvoiceCatalogue.statuses, .with { $0.id = booked })
        #expect(moves.moves.isEmpty)
        await accountant.close()
        try await fixture.server.shutdown()
    }

    @Test func aSupplierCannotProcessAndTheRecipientsReaderCannotAct() async throws {
        let fixture = try await InvoiceFixture.start()
        let supplier = try await fixture.connect(as: .supplierWriter)
        let reader = try await fixture.connect(as: .recipientReader)
        let id = fixture.processing.toProcess
        let bySupplier = await Self.serverError { _ = try await supplier.call(InvoiceCatalogue.process, .with { $0.id = id; $0.status = "SERVICE_FAIT" }) }
        #expect(bySupplier?.code == "FORBIDDEN")
        let byReader = await Self.serverError { _ = try await reader.call(InvoiceCatalogue.refuse, .with { $0.id = id; $0.reason = "AUTRES" }) }
        #expect(byReader?.code == "FORBIDDEN")
        let moves = try await reader.call(InvoiceCatalogue.statuses, .with { $0.id = id })
        #expect(moves.moves.isEmpty)
        await supplier.close()
        await reader.close()
        try await fixture.server.shutdown()
    }
}
