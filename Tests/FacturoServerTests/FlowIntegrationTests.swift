import FacturoCertificates
import FacturoClient
import FacturoDomain
@testable import FacturoServer
import FacturoStore
import FacturoWire
import Foundation
import Testing

/// Flows over the wire: answered at once, integrated in the background,
/// good rows of a bad flow through, one outcome per row, resumed after a
/// restart without a second invoice, uploads kept to their purpose.
@Suite struct FlowIntegrationTests {
    static let writer = InvoiceFixture.Role.supplierWriter
    static let header = "numero;date;destinataire;service;total_ht;total_tva;type_tva;fichier;total_ttc"

    static func row(_ number: String, ht: String = "100.00", vat: String = "20.00", ttc: String = "", file: String = "f.pdf") -> String {
        "\(number);2026-11-30;\(InvoiceFixture.commune);VOIRIE;\(ht);\(vat);TVA_SUR_DEBIT;\(file);\(ttc)"
    }

    static func zip(_ rows: [String], files: [(String, Data)] = [("f.pdf", ZipFiles.pdf)]) throws -> Data {
        let manifest = Data(([header] + rows).joined(separator: "\n").utf8)
        return try Data(contentsOf: ZipFiles.make([("factures.csv", manifest)] + files))
    }

    static func upload(_ connection: FacturoConnection, _ bytes: Data, purpose: String = "flow") async throws -> String {
        try await connection.call(InvoiceCatalogue.fileUpload, .with {
            $0.first = true
            $0.last = true
            $0.purpose = purpose
            $0.data = bytes
        }).uploadID
    }

    static func send(_ connection: FacturoConnection, _ bytes: Data, key: String = "") async throws -> Facturo_V1_FlowSendResponse {
        let upload = try await upload(connection, bytes)
        return try await connection.call(InvoiceCatalogue.flowSend, .with {
            $0.supplier = InvoiceFixture.acme
            $0.uploadID = upload
            $0.name = "flux.zip"
            $0.key = key
        })
    }

    /// The `flow-integrated` event of flow `id` (others are skipped).
    static func integrated(_ id: String, _ events: inout AsyncStream<ServerEvent>.Iterator) async throws -> Facturo_V1_FlowIntegratedEvent {
        while let event = await events.next() {
            guard event.type == EventCatalogue.flowIntegrated.messageType else { continue }
            let payload = try event.payload.decodeMessage(Facturo_V1_FlowIntegratedEvent.self, of: event.type)
            if payload.id == id { return payload }
        }
        throw ClientError.connectionClosed
    }

    @Test func goodRowsOfABadFlowGoThrough() async throws {
        let fixture = try await InvoiceFixture.start()
        let connection = try await fixture.connect(as: Self.writer)
        var events = connection.events.makeAsyncIterator()
        let bytes = try Self.zip([
            Self.row("FLUX-A"),
            Self.row("FLUX-B", ttc: "1.00"),
            Self.row("FLUX-C", file: "absent.pdf"),
            Self.row("F-FIXTURE"),
            Self.row("FLUX-A"),
            Self.row("FLUX-D", ht: "abc"),
        ])
        let sent = try await Self.send(connection, bytes)
        #expect(!sent.replayed)
        #expect([FlowStatus.received.rawValue, FlowStatus.integrating.rawValue, FlowStatus.partlyIntegrated.rawValue].contains(sent.flow.status))
        let done = try await Self.integrated(sent.flow.id, &events)
        #expect(done.status == "INTEGRE_PARTIEL")
        #expect(done.integrated == 1 && done.rejected == 5)

        let report = try await connection.call(InvoiceCatalogue.flowReport, .with { $0.id = sent.flow.id })
        #expect(report.rows.map(\.line) == [2, 3, 4, 5, 6, 7])
        #expect(report.rows.map(\.status) == ["INTEGREE", "REJETEE", "REJETEE", "REJETEE", "REJETEE", "REJETEE"])
        #expect(report.rows.map(\.code) == ["", "INVALID_TOTALS", "FLOW_FILE_MISSING", "DUPLICATE_INVOICE", "DUPLICATE_INVOICE", "INVALID_AMOUNT"])
        #expect(report.flow.integrated == 1 && report.flow.finishedAt > 0)

        let invoice = try await connection.call(InvoiceCatalogue.show, .with { $0.id = report.rows[0].invoiceID }).invoice
        #expect(invoice.header.number == "FLUX-A")
        #expect(invoice.channel == "FLUX")
        #expect(invoice.totals.totalTtc == "120.00")
        #expect(invoice.attachments.map(\.name) == ["f.pdf"])
        let audit = try await fixture.server.store.auditEntries(structure: nil, limit: 1000, beforeID: nil).map(\.action)
        #expect(audit.contains("flow.receive") && audit.contains("flow.integrate"))
        await connection.close()
        try await fixture.server.shutdown()
    }

    @Test func theSameKeyAnswersTheFirstFlow() async throws {
        let fixture = try await InvoiceFixture.start()
        let connection = try await fixture.connect(as: Self.writer)
        var events = connection.events.makeAsyncIterator()
        let bytes = try Self.zip([Self.row("CLE-1")])
        let first = try await Self.send(connection, bytes, key: "flux-cle")
        _ = try await Self.integrated(first.flow.id, &events)
        let again = try await Self.send(connection, bytes, key: "flux-cle")
        #expect(again.replayed)
        #expect(again.flow.id == first.flow.id)
        #expect(again.flow.status == "INTEGRE")
        let list = try await connection.call(InvoiceCatalogue.flowList, .with { $0.supplier = InvoiceFixture.acme })
        #expect(list.flows.filter { $0.id == first.flow.id }.count == 1)
        #expect(try await InvoiceSubmissionTests.invoices(numbered: "CLE-1", fixture).count == 1)
        await connection.close()
        try await fixture.server.shutdown()
    }

    /// A flow received, one row committed, then the server stops before
    /// recording it: the next server finishes the flow, and that row is
    /// the invoice already committed, not a second one.
    @Test func anUnfinishedFlowIsTakenUpAtStartWithoutASecondInvoice() async throws {
        let fixture = try await InvoiceFixture.start()
        let connection = try await fixture.connect(as: Self.writer)
        let store = fixture.server.store
        let owner = try #require(try await store.user(email: EmailAddress(Self.writer.email!))).id
        let upload = try await store.appendUpload(
            id: "flux-interrompu", owner: owner, purpose: .flow, first: true, last: true, data: [UInt8](try Self.zip([Self.row("REPRISE-1"), Self.row("REPRISE-2")]))
        )
        let supplier = try StructureIdentifier(parsing: InvoiceFixture.acme)
        let (flow, _) = try await store.receiveFlow(
            NewFlow(id: "flux-repris", uploadID: upload.id, owner: owner, supplier: supplier, name: "flux.zip", key: "reprise"), by: AuditActor(userID: owner, label: "fournisseur@demo.facturo.fr")
        )
        // Its first row (line 2) committed under its key before the
        // "crash", as the integrator would have; clients may not use the
        // integrator's keys.
        var deposit = InvoiceSubmissionTests.deposit(number: "REPRISE-1", key: "flux:\(flow.id):2", upload: try await InvoiceSubmissionTests.upload(connection))
        #expect(await CallOutcome.of { _ = try await connection.call(InvoiceCatalogue.deposit, deposit) } == .refused("INVALID_ARGUMENT"))
        deposit.key = "avant-la-panne"
        deposit.header.date = "2026-11-30"
        let first = try await connection.call(InvoiceCatalogue.deposit, deposit).invoice
        let stored = try #require(try await store.invoice(id: first.id))
        var replayed = InvoiceSubmission(
            id: "reprise-invoice", document: stored.document, attachments: stored.attachments, key: "flux:\(flow.id):2", depositedAt: stored.depositedAt,
            depositDay: try CalendarDate("2026-12-01"), certificate: stored.certificate
        )
        replayed.document.header.number = "REPRISE-1-BIS"
        let signer = DepositSigner()
        let committed = try await store.submitInvoice(replayed) { digests in
            let (batch, paths) = try signer.seal(digests, at: stored.depositedAt)
            return SealedBatch(size: batch.size, root: batch.root, signedAt: batch.signedAt, signature: batch.signature, paths: paths)
        }.invoice().0
        await connection.close()
        try await fixture.server.shutdown()

        let restarted = try await TestServer.start(store: store)
        let reader = try await restarted.connect()
        _ = try await reader.login(email: Self.writer.email!, password: InvoiceFixture.password)
        // The resumed integration is the server's own; its end is read back
        // until final (bounded), as a supplier's system would poll it.
        let status = try await Self.finalStatus(flow.id, reader)
        #expect(status.status == "INTEGRE")
        let report = try await reader.call(InvoiceCatalogue.flowReport, .with { $0.id = flow.id })
        #expect(report.rows.first?.invoiceID == committed.id)
        #expect(report.rows.map(\.status) == ["INTEGREE", "INTEGREE"])
        #expect(try await InvoiceSubmissionTests.invoices(numbered: "REPRISE-1-BIS", fixture).count == 1)
        #expect(try await InvoiceSubmissionTests.invoices(numbered: "REPRISE-2", fixture).count == 1)
        await reader.close()
        try await restarted.shutdown()
    }

    @Test func uploadsKeepToTheirPurpose() async throws {
        let fixture = try await InvoiceFixture.start()
        let connection = try await fixture.connect(as: Self.writer)
        // An attachment upload is no flow, a flow upload no attachment.
        let attachment = try await Self.upload(connection, ZipFiles.pdf, purpose: "")
        let asFlow = await CallOutcome.of {
            _ = try await connection.call(InvoiceCatalogue.flowSend, .with { $0.supplier = InvoiceFixture.acme; $0.uploadID = attachment })
        }
        #expect(asFlow == .refused("NOT_FOUND"))
        let flowUpload = try await Self.upload(connection, try Self.zip([Self.row("X")]))
        let asAttachment = await CallOutcome.of {
            _ = try await connection.call(InvoiceCatalogue.deposit, InvoiceSubmissionTests.deposit(number: "X-1", key: "", upload: flowUpload))
        }
        #expect(asAttachment == .refused("NOT_FOUND"))
        // A later chunk naming another purpose, an unknown purpose.
        let started = try await connection.call(InvoiceCatalogue.fileUpload, .with { $0.first = true; $0.purpose = "flow"; $0.data = Data([1]) })
        let mixed = await CallOutcome.of {
            _ = try await connection.call(InvoiceCatalogue.fileUpload, .with { $0.uploadID = started.uploadID; $0.purpose = "attachment"; $0.last = true })
        }
        #expect(mixed == .refused("NOT_FOUND"))
        #expect(await CallOutcome.of { _ = try await Self.upload(connection, Data([1]), purpose: "video") } == .refused("INVALID_ARGUMENT"))
        // A flow may exceed an attachment's 10 MiB; an attachment may not.
        let chunk = Data(count: 4 * 1024 * 1024)
        var big = try await connection.call(InvoiceCatalogue.fileUpload, .with { $0.first = true; $0.purpose = "flow"; $0.data = chunk })
        for last in [false, true] {
            big = try await connection.call(InvoiceCatalogue.fileUpload, .with { $0.uploadID = big.uploadID; $0.last = last; $0.data = chunk })
        }
        #expect(big.size == 12 * 1024 * 1024 && !big.digest.isEmpty)
        var small = try await connection.call(InvoiceCatalogue.fileUpload, .with { $0.first = true; $0.data = chunk })
        small = try await connection.call(InvoiceCatalogue.fileUpload, .with { $0.uploadID = small.uploadID; $0.data = chunk })
        let tooBig = await CallOutcome.of {
            _ = try await connection.call(InvoiceCatalogue.fileUpload, .with { $0.uploadID = small.uploadID; $0.last = true; $0.data = chunk })
        }
        #expect(tooBig == .refused("ATTACHMENT_TOO_LARGE"))
        await connection.close()
        try await fixture.server.shutdown()
    }

    /// Polls a flow's status until it is final (bounded): what a supplier's
    /// system does when it was away for the event.
    static func finalStatus(_ id: String, _ connection: FacturoConnection) async throws -> Facturo_V1_FlowInfo {
        var status = try await connection.call(InvoiceCatalogue.flowStatus, .with { $0.id = id }).flow
        let deadline = ContinuousClock.now + .seconds(30)
        while !["INTEGRE", "INTEGRE_PARTIEL", "REJETE"].contains(status.status), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            status = try await connection.call(InvoiceCatalogue.flowStatus, .with { $0.id = id }).flow
        }
        return status
    }

    /// A flow waiting for a restart is integrated only if its sender may
    /// still deposit for the supplier; and an ended flow's zip is dropped.
    @Test func aFlowOfAnAccountWithoutTheRightIsRejectedWhole() async throws {
        let fixture = try await InvoiceFixture.start()
        let store = fixture.server.store
        let reader = try #require(try await store.user(email: EmailAddress(InvoiceFixture.Role.supplierReader.email!)))
        let upload = try await store.appendUpload(
            id: "flux-lecteur", owner: reader.id, purpose: .flow, first: true, last: true, data: [UInt8](try Self.zip([Self.row("LECTEUR-1")]))
        )
        let (flow, _) = try await store.receiveFlow(
            NewFlow(id: "flux-lecteur", uploadID: upload.id, owner: reader.id, supplier: try StructureIdentifier(parsing: InvoiceFixture.acme), name: "flux.zip", key: "lecteur"),
            by: AuditActor(reader)
        )
        try await fixture.server.shutdown()

        let restarted = try await TestServer.start(store: store)
        let connection = try await restarted.connect()
        _ = try await connection.login(email: InvoiceFixture.Role.supplierReader.email!, password: InvoiceFixture.password)
        let status = try await Self.finalStatus(flow.id, connection)
        #expect(status.status == "REJETE")
        #expect(status.code == "FORBIDDEN")
        #expect(try await InvoiceSubmissionTests.invoices(numbered: "LECTEUR-1", fixture).isEmpty)
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("facturo-flow-copy-\(UUID().uuidString).zip")
        try await store.exportFlowContent(id: flow.id, to: copy)
        #expect(try Data(contentsOf: copy).isEmpty, "the zip's chunks are dropped once the flow ends")
        await connection.close()
        try await restarted.shutdown()
    }

    /// A supplier queues at most 10 flows ahead of everyone else.
    @Test func aSupplierQueuesTenFlowsAtMost() async throws {
        let fixture = try await InvoiceFixture.start()
        let connection = try await fixture.connect(as: Self.writer)
        let store = fixture.server.store
        let owner = try #require(try await store.user(email: EmailAddress(Self.writer.email!))).id
        let supplier = try StructureIdentifier(parsing: InvoiceFixture.acme)
        for index in 1...FlowRoutes.maximumUnfinished {
            // Received straight into the store: no integrator takes them.
            let upload = try await store.appendUpload(id: "attente-\(index)", owner: owner, purpose: .flow, first: true, last: true, data: [1, 2, 3])
            _ = try await store.receiveFlow(
                NewFlow(id: "attente-\(index)", uploadID: upload.id, owner: owner, supplier: supplier, name: "flux.zip", key: "attente-\(index)"),
                by: AuditActor(userID: owner, label: "fournisseur@demo.facturo.fr")
            )
        }
        let refused = await CallOutcome.of { _ = try await Self.send(connection, try Self.zip([Self.row("ONZIEME")])) }
        #expect(refused == .refused("SERVER_BUSY"))
        await connection.close()
        try await fixture.server.shutdown()
    }
}
