import FacturoClient
import FacturoDomain
@testable import FacturoServer
import FacturoStore
import FacturoWire
import Foundation
import Testing

/// The submission path over the wire: a retry after a cut connection, the
/// same number or key at once, uploads of others, oversized files, and a
/// certificate anyone can recompute from the invoice as shown.
@Suite struct InvoiceSubmissionTests {
    static let supplier = InvoiceFixture.Role.supplierWriter

    static func upload(_ connection: FacturoConnection, _ bytes: [UInt8] = Array("%PDF-1.4 test".utf8)) async throws -> String {
        try await connection.call(InvoiceCatalogue.fileUpload, .with {
            $0.first = true
            $0.last = true
            $0.data = Data(bytes)
        }).uploadID
    }

    static func deposit(number: String, key: String, upload: String) -> Facturo_V1_InvoiceDepositRequest {
        .with {
            $0.supplier = InvoiceFixture.acme
            $0.header.number = number
            $0.header.recipient = InvoiceFixture.commune
            $0.header.recipientService = "VOIRIE"
            $0.totalHt = "1000.00"
            $0.totalVat = "200.00"
            $0.main = .with { $0.uploadID = upload; $0.name = "facture.pdf" }
            $0.key = key
        }
    }

    static func invoices(numbered number: String, _ fixture: InvoiceFixture) async throws -> [FacturoStore.InvoiceSummary] {
        try await fixture.server.store.searchInvoices(InvoiceQuery(suppliers: [StructureIdentifier(parsing: InvoiceFixture.acme)], number: number)).invoices
    }

    @Test func aRetryAfterACutConnectionMakesOneInvoice() async throws {
        let fixture = try await InvoiceFixture.start()
        let first = try await fixture.connect(as: Self.supplier)
        let upload = try await Self.upload(first)
        // Sent, then the connection is cut before (or while) the answer comes.
        let lost = Task { try await first.call(InvoiceCatalogue.deposit, Self.deposit(number: "COUPURE-1", key: "cle-coupure", upload: upload)) }
        await first.close()
        _ = await lost.result

        let second = try await fixture.connect(as: Self.supplier)
        let again = try await second.call(InvoiceCatalogue.deposit, Self.deposit(number: "COUPURE-1", key: "cle-coupure", upload: upload))
        let stored = try await Self.invoices(numbered: "COUPURE-1", fixture)
        #expect(stored.count == 1)
        #expect(stored.first?.id == again.invoice.id)
        // Once more: the same invoice, said to be a replay.
        let third = try await second.call(InvoiceCatalogue.deposit, Self.deposit(number: "COUPURE-1", key: "cle-coupure", upload: upload))
        #expect(third.invoice.id == again.invoice.id)
        #expect(third.invoice.certificate == again.invoice.certificate)
        #expect(third.replayed)
        await second.close()
        try await fixture.server.shutdown()
    }

    @Test func theSameNumberAtOnceMakesOneInvoice() async throws {
        let fixture = try await InvoiceFixture.start()
        let connections = try await Array(0..<6).asyncMap { _ in try await fixture.connect(as: Self.supplier) }
        let uploads = try await connections.asyncMap { try await Self.upload($0) }
        let outcomes = await withTaskGroup(of: CallOutcome.self) { group in
            for (index, connection) in connections.enumerated() {
                group.addTask {
                    await CallOutcome.of { _ = try await connection.call(InvoiceCatalogue.deposit, Self.deposit(number: "MEME-NUMERO", key: "cle-\(index)", upload: uploads[index])) }
                }
            }
            return await group.reduce(into: [CallOutcome]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == .allowed }.count == 1)
        #expect(outcomes.filter { $0 == .refused("DUPLICATE_INVOICE") }.count == 5)
        #expect(try await Self.invoices(numbered: "MEME-NUMERO", fixture).count == 1)
        for connection in connections { await connection.close() }
        try await fixture.server.shutdown()
    }

    @Test func theSameKeyAtOnceAnswersOneInvoice() async throws {
        let fixture = try await InvoiceFixture.start()
        let connections = try await Array(0..<6).asyncMap { _ in try await fixture.connect(as: Self.supplier) }
        let uploads = try await connections.asyncMap { try await Self.upload($0) }
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for (index, connection) in connections.enumerated() {
                group.addTask {
                    try await connection.call(InvoiceCatalogue.deposit, Self.deposit(number: "MEME-CLE", key: "une-seule-cle", upload: uploads[index])).invoice.id
                }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(ids.count == 1)
        #expect(try await Self.invoices(numbered: "MEME-CLE", fixture).count == 1)
        for connection in connections { await connection.close() }
        try await fixture.server.shutdown()
    }

    @Test func theCertificateIsTheDigestOfTheInvoiceAsShown() async throws {
        let fixture = try await InvoiceFixture.start()
        let connection = try await fixture.connect(as: Self.supplier)
        let answer = try await connection.call(InvoiceCatalogue.deposit, Self.deposit(number: "CERT-1", key: "", upload: try await Self.upload(connection)))
        #expect(answer.invoice.certificate.count == 44)
        let stored = try #require(try await fixture.server.store.invoice(id: answer.invoice.id))
        let recomputed = CertificateDigest.of(stored.document, id: stored.id, attachments: stored.attachments, depositedAt: stored.depositedAt)
        #expect(recomputed == answer.invoice.certificate)
        var altered = stored.document
        altered.totals.totalHT += Decimal(string: "0.01")!
        #expect(CertificateDigest.of(altered, id: stored.id, attachments: stored.attachments, depositedAt: stored.depositedAt) != answer.invoice.certificate)
        await connection.close()
        try await fixture.server.shutdown()
    }

    @Test func uploadsBelongToTheirAccountAndAreBounded() async throws {
        let fixture = try await InvoiceFixture.start()
        let owner = try await fixture.connect(as: Self.supplier)
        let other = try await fixture.connect(as: .administrator)
        let upload = try await Self.upload(owner)
        // Another account may not use it, even to deposit for ACME.
        #expect(await CallOutcome.of { _ = try await other.call(InvoiceCatalogue.deposit, Self.deposit(number: "VOL-1", key: "", upload: upload)) } == .refused("NOT_FOUND"))
        #expect(await CallOutcome.of { _ = try await other.call(InvoiceCatalogue.fileUpload, .with { $0.uploadID = upload; $0.data = Data([1]) }) } == .refused("NOT_FOUND"))
        // A chunk after the last one.
        #expect(await CallOutcome.of { _ = try await owner.call(InvoiceCatalogue.fileUpload, .with { $0.uploadID = upload; $0.data = Data([1]) }) } == .refused("CONFLICT"))
        // Over 10 MiB in chunks: refused at the chunk that passes it, and dropped.
        let chunk = Data(repeating: 0x25, count: 4 * 1024 * 1024)
        let big = try await owner.call(InvoiceCatalogue.fileUpload, .with { $0.first = true; $0.data = chunk }).uploadID
        _ = try await owner.call(InvoiceCatalogue.fileUpload, .with { $0.uploadID = big; $0.data = chunk })
        #expect(await CallOutcome.of { _ = try await owner.call(InvoiceCatalogue.fileUpload, .with { $0.uploadID = big; $0.data = chunk; $0.last = true }) } == .refused("ATTACHMENT_TOO_LARGE"))
        #expect(await CallOutcome.of { _ = try await owner.call(InvoiceCatalogue.fileUpload, .with { $0.uploadID = big; $0.data = Data([1]); $0.last = true }) } == .refused("NOT_FOUND"))
        // A chunk over 4 MiB.
        #expect(await CallOutcome.of { _ = try await owner.call(InvoiceCatalogue.fileUpload, .with { $0.first = true; $0.data = chunk + Data([1]) }) } == .refused("INVALID_ARGUMENT"))
        await owner.close()
        await other.close()
        try await fixture.server.shutdown()
    }

    @Test func everyFailureComesAtOnceAndNothingIsStored() async throws {
        let fixture = try await InvoiceFixture.start()
        let connection = try await fixture.connect(as: Self.supplier)
        let stored = try await fixture.server.store.searchInvoices(InvoiceQuery(suppliers: [StructureIdentifier(parsing: InvoiceFixture.acme)])).invoices.count
        var request = Self.deposit(number: "F 1", key: "", upload: try await Self.upload(connection))
        request.header.recipientService = "INCONNU"
        request.header.currency = "EUX"
        request.totalTtc = "1300.00"
        do {
            _ = try await connection.call(InvoiceCatalogue.deposit, request)
            Issue.record("accepted")
        } catch let ClientError.server(error) {
            #expect(error.code.rawValue == "INVALID_INVOICE_NUMBER")
            #expect(Set(error.violations.map(\.code.rawValue)) == ["INVALID_INVOICE_NUMBER", "INVALID_CURRENCY", "INVALID_TOTALS", "ROUTING_SERVICE_UNKNOWN"])
            #expect(error.violations.contains { $0.rule == "BR-CO-15" && $0.field == "total_ttc" })
        }
        #expect(try await fixture.server.store.searchInvoices(InvoiceQuery(suppliers: [StructureIdentifier(parsing: InvoiceFixture.acme)])).invoices.count == stored, "the fixture's only")
        await connection.close()
        try await fixture.server.shutdown()
    }

    /// A retry is answered with its first invoice whatever it became: its
    /// upload gone, its content now wrong, or the same content again.
    @Test func aUsedKeyAlwaysAnswersItsFirstInvoice() async throws {
        let fixture = try await InvoiceFixture.start()
        let connection = try await fixture.connect(as: Self.supplier)
        let first = try await connection.call(InvoiceCatalogue.deposit, Self.deposit(number: "CLE-PREMIERE", key: "cle-unique", upload: try await Self.upload(connection)))
        var broken = Self.deposit(number: "CLE-PREMIERE", key: "cle-unique", upload: "envoi-disparu")
        broken.totalHt = "abc"
        for retry in [Self.deposit(number: "CLE-PREMIERE", key: "cle-unique", upload: "envoi-disparu"), broken] {
            let again = try await connection.call(InvoiceCatalogue.deposit, retry)
            #expect(again.replayed && again.invoice.id == first.invoice.id && again.invoice.certificate == first.invoice.certificate)
        }
        let api = try await connection.call(InvoiceCatalogue.submit, .with {
            $0.supplier = InvoiceFixture.acme
            $0.header.number = "CLE-API"
            $0.header.recipient = InvoiceFixture.commune
            $0.header.recipientService = "VOIRIE"
            $0.lines = [InvoiceAuthorizationTests.line("Par l'API")]
            $0.key = "cle-api"
        })
        var same = Facturo_V1_InvoiceSubmitRequest.with { $0.supplier = InvoiceFixture.acme; $0.key = "cle-api" }
        let empty = try await connection.call(InvoiceCatalogue.submit, same)
        #expect(empty.replayed && empty.invoice.id == api.invoice.id, "an empty retry still answers the first")
        same.header.number = "CLE-API"
        same.header.recipient = InvoiceFixture.commune
        same.header.recipientService = "VOIRIE"
        same.lines = [InvoiceAuthorizationTests.line("Par l'API")]
        let again = try await connection.call(InvoiceCatalogue.submit, same)
        #expect(again.replayed && again.invoice.id == api.invoice.id)
        #expect(try await Self.invoices(numbered: "CLE-API", fixture).count == 1)
        await connection.close()
        try await fixture.server.shutdown()
    }
}
