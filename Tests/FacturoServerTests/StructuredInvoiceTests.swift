import FacturoClient
import FacturoDomain
import FacturoFormats
import FacturoStore
import FacturoWire
import Foundation
import Testing

/// Structured invoices over the wire: checks that find every broken rule,
/// deposits that take everything from the file and refuse it whole,
/// exports in both syntaxes and as PDF that deposit back.
@Suite struct StructuredInvoiceTests {
    static func upload(_ connection: FacturoConnection, _ data: Data) async throws -> String {
        try await InvoiceAuthorizationTests.upload(connection, data)
    }

    static func error(_ body: () async throws -> Void) async -> WireError? {
        do {
            try await body()
            return nil
        } catch let ClientError.server(error) {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    static func deposit(_ connection: FacturoConnection, _ data: Data, name: String = "facture.xml", key: String = "") async throws -> Facturo_V1_SubmissionResponse {
        let upload = try await upload(connection, data)
        return try await connection.call(InvoiceCatalogue.depositStructured, .with {
            $0.file = .with { $0.uploadID = upload; $0.name = name }
            $0.key = key
        })
    }

    @Test func aCheckFindsEveryArithmeticErrorWithItsRuleAndPath() async throws {
        let fixture = try await InvoiceFixture.start()
        let supplier = try await fixture.connect(as: .supplierWriter)
        var invoice = try StructuredFixture.invoice(number: "ERR-3")
        invoice.totals.lineTotal = XMLDecimal("6500.00")   // BR-CO-10
        invoice.totals.vatTotal = XMLDecimal("671.00")     // BR-CO-14 (and BR-CO-15 follows from it)
        invoice.vatBreakdown[0].taxAmount = XMLDecimal("641.00") // BR-CO-17
        let upload = try await Self.upload(supplier, CIIWriter.write(invoice))
        let checked = try await supplier.call(InvoiceCatalogue.check, .with { $0.uploadID = upload })
        #expect(checked.syntax == "cii")
        #expect(checked.number == "ERR-3")
        let rules = Set(checked.findings.map(\.rule))
        #expect(rules.isSuperset(of: ["BR-CO-10", "BR-CO-14", "BR-CO-17"]))
        let lineTotal = try #require(checked.findings.first { $0.rule == "BR-CO-10" })
        #expect(lineTotal.path.hasSuffix("ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:LineTotalAmount"))
        #expect(lineTotal.message.contains("vaut 6550.00 mais LineTotalAmount (BT-106) indique 6500.00"))
        #expect(lineTotal.severity == "fatal")
        #expect(lineTotal.terms.contains("BT-106"))
        // Nothing was submitted.
        let found = try await supplier.call(InvoiceCatalogue.search, .with { $0.sent = true; $0.number = "ERR-3" })
        #expect(found.invoices.isEmpty)
        let warnings = try await supplier.call(InvoiceCatalogue.check, .with { $0.uploadID = upload; $0.severity = "warning" })
        #expect(warnings.findings.isEmpty)
        let badSeverity = await Self.error { _ = try await supplier.call(InvoiceCatalogue.check, .with { $0.uploadID = upload; $0.severity = "grave" }) }
        #expect(badSeverity?.code.rawValue == "INVALID_ARGUMENT")
    }

    @Test func hostileOrForeignFilesAreCodedRefusals() async throws {
        let fixture = try await InvoiceFixture.start()
        let supplier = try await fixture.connect(as: .supplierWriter)
        let xxe = Data("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>".utf8)
        let xxeUpload = try await Self.upload(supplier, xxe)
        let refusedXXE = await Self.error { _ = try await supplier.call(InvoiceCatalogue.check, .with { $0.uploadID = xxeUpload }) }
        #expect(refusedXXE?.code.rawValue == "INVALID_XML")
        let html = await Self.error { _ = try await Self.deposit(supplier, Data("<html/>".utf8)) }
        #expect(html?.code.rawValue == "UNSUPPORTED_FORMAT")
        let pdfName = await Self.error { _ = try await Self.deposit(supplier, try StructuredFixture.ubl(number: "X-1"), name: "facture.pdf") }
        #expect(pdfName?.code.rawValue == "INVALID_ARGUMENT")
        let unknown = await Self.error { _ = try await supplier.call(InvoiceCatalogue.check, .with { $0.uploadID = "no-such-upload" }) }
        #expect(unknown?.code.rawValue == "NOT_FOUND")
        // Another account's upload is not the caller's.
        let other = try await fixture.connect(as: .supplierReader)
        let theirs = try await Self.upload(other, try StructuredFixture.ubl(number: "X-2"))
        let stolen = await Self.error { _ = try await supplier.call(InvoiceCatalogue.check, .with { $0.uploadID = theirs }) }
        #expect(stolen?.code.rawValue == "NOT_FOUND")
        // An empty file is unreadable XML, not a server fault.
        let empty = try await Self.upload(supplier, Data())
        let emptyChecked = await Self.error { _ = try await supplier.call(InvoiceCatalogue.check, .with { $0.uploadID = empty }) }
        #expect(emptyChecked?.code.rawValue == "INVALID_XML")
        #expect(emptyChecked?.message.hasPrefix("ligne 1, colonne 1") == true)
        let emptyDeposit = await Self.error { _ = try await Self.deposit(supplier, Data()) }
        #expect(emptyDeposit?.code.rawValue == "INVALID_XML")
        let stored = try await fixture.server.store.storeFile([])
        #expect(try await fixture.server.store.fileContent(digest: stored.digest, offset: 0, length: 0) == [])
        #expect(try await fixture.server.store.fileContent(digest: "no-such-digest", offset: 0, length: 0) == nil)
    }

    @Test func embeddedFilesAreStoredWithTheInvoiceOrNotAtAll() async throws {
        let fixture = try await InvoiceFixture.start()
        let supplier = try await fixture.connect(as: .supplierWriter)
        let store = fixture.server.store
        let content = Array("%PDF-1.4 bon de livraison \(UUID().uuidString)".utf8)
        let digest = StoredFile(of: content).digest
        var structured = try StructuredFixture.invoice(number: "XML-EMB", service: "INCONNU")
        structured.documents = [.init(reference: "BL-1", attachment: Data(content), mimeCode: "application/pdf", filename: "bl.pdf")]
        // Refused by the routing, after the file was read: nothing of it is kept.
        let refused = await Self.error { _ = try await Self.deposit(supplier, UBLWriter.write(structured)) }
        #expect(refused?.code.rawValue == "ROUTING_SERVICE_UNKNOWN")
        #expect(try await store.fileContent(digest: digest, offset: 0, length: content.count) == nil)
        structured.buyerReference = "VOIRIE"
        let accepted = try await Self.deposit(supplier, UBLWriter.write(structured))
        #expect(accepted.invoice.attachments.contains { $0.name == "bl.pdf" })
        #expect(try await store.fileContent(digest: digest, offset: 0, length: content.count) == content)
    }

    @Test func anEmptyEmbeddedDocumentIsNoAttachment() async throws {
        let fixture = try await InvoiceFixture.start()
        let supplier = try await fixture.connect(as: .supplierWriter)
        var structured = try StructuredFixture.invoice(number: "XML-VIDE")
        structured.documents = [.init(reference: "BL-0", attachment: Data(), mimeCode: "application/pdf", filename: "vide.pdf")]
        let accepted = try await Self.deposit(supplier, UBLWriter.write(structured))
        #expect(accepted.invoice.attachments.map(\.name) == ["facture.xml"])
    }

    @Test func aDepositTakesEverythingFromTheFile() async throws {
        let fixture = try await InvoiceFixture.start()
        let supplier = try await fixture.connect(as: .supplierWriter)
        var structured = try StructuredFixture.invoice(number: "XML-1")
        structured.documents = [.init(reference: "BL-1", attachment: Data("%PDF-1.4 bon".utf8), mimeCode: "application/pdf", filename: "bon-de-livraison.pdf")]
        let answer = try await Self.deposit(supplier, UBLWriter.write(structured), key: "xml-1")
        let invoice = answer.invoice
        #expect(invoice.header.number == "XML-1")
        #expect(invoice.header.recipient.contains(InvoiceFixture.commune))
        #expect(invoice.header.recipientService == "VOIRIE")
        #expect(invoice.totals.totalHt == "6550.00")
        #expect(invoice.totals.totalVat == "670.00")
        #expect(invoice.totals.totalTtc == "7220.00")
        #expect(invoice.totals.amountDue == "7220.00")
        #expect(invoice.channel == "DEPOT")
        #expect(Set(invoice.attachments.map(\.name)) == ["facture.xml", "bon-de-livraison.pdf"])
        #expect(invoice.attachments.first { $0.name == "facture.xml" }?.main == true)
        // Same key: the first result again.
        let again = try await Self.deposit(supplier, UBLWriter.write(structured), key: "xml-1")
        #expect(again.replayed)
        #expect(again.invoice.id == invoice.id)
    }

    @Test func aFileWithFatalFindingsIsRefusedWithAllOfThemAndNothingIsStored() async throws {
        let fixture = try await InvoiceFixture.start()
        let supplier = try await fixture.connect(as: .supplierWriter)
        var structured = try StructuredFixture.invoice(number: "XML-BAD")
        structured.totals.lineTotal = XMLDecimal("1.00")
        structured.lines[0].itemName = ""
        let refused = await Self.error { _ = try await Self.deposit(supplier, UBLWriter.write(structured)) }
        // The error's code is the first finding's (rules in their order: BR-25 before BR-CO-10).
        #expect(refused?.code.rawValue == "EN16931_RULE")
        #expect(refused?.violations.first { $0.rule == "BR-CO-10" }?.code.rawValue == "INVALID_TOTALS")
        let rules = Set(refused?.violations.map(\.rule) ?? [])
        #expect(rules.isSuperset(of: ["BR-CO-10", "BR-25"]))
        #expect(refused?.violations.first { $0.rule == "BR-25" }?.code.rawValue == "EN16931_RULE")
        #expect(refused?.violations.first { $0.rule == "BR-25" }?.field == "/Invoice/cac:InvoiceLine[1]/cac:Item/cbc:Name")
        let found = try await supplier.call(InvoiceCatalogue.search, .with { $0.sent = true; $0.number = "XML-BAD" })
        #expect(found.invoices.isEmpty)
    }

    @Test func aFileBreakingRulesThousandsOfTimesGetsTheFirstThousandAndTheirCount() async throws {
        let fixture = try await InvoiceFixture.start()
        let supplier = try await fixture.connect(as: .supplierWriter)
        let structured = try StructuredFixture.unnamedLines(1_500, number: "XML-MANY")
        let upload = try await Self.upload(supplier, UBLWriter.write(structured))
        let checked = try await supplier.call(InvoiceCatalogue.check, .with { $0.uploadID = upload })
        #expect(checked.findings.count == EN16931Rules.reportedMaximum)
        #expect(checked.findingsTotal > 1_500)
        #expect(checked.findings.filter { $0.rule == "BR-25" }.count > 900)
        let refused = await Self.error { _ = try await Self.deposit(supplier, UBLWriter.write(structured)) }
        #expect(refused?.violations.count == EN16931Rules.reportedMaximum)
        #expect(refused?.message.contains("et \(checked.findingsTotal - 1) autre(s) anomalie(s), dont les 999 premières listées") == true)
    }

    @Test func theFilesSellerIsTheSupplierAndTheCallerMustActForIt() async throws {
        let fixture = try await InvoiceFixture.start()
        let supplier = try await fixture.connect(as: .supplierWriter)
        let mismatch = await Self.error {
            let upload = try await Self.upload(supplier, try StructuredFixture.ubl(number: "XML-M"))
            _ = try await supplier.call(InvoiceCatalogue.depositStructured, .with {
                $0.supplier = InvoiceFixture.commune
                $0.file = .with { $0.uploadID = upload; $0.name = "f.xml" }
            })
        }
        #expect(mismatch != nil)
        let reader = try await fixture.connect(as: .supplierReader)
        let forbidden = await Self.error { _ = try await Self.deposit(reader, try StructuredFixture.ubl(number: "XML-R")) }
        #expect(forbidden?.code.rawValue == "FORBIDDEN")
        let outsider = try await fixture.connect(as: .outsider)
        let hidden = await Self.error { _ = try await Self.deposit(outsider, try StructuredFixture.ubl(number: "XML-O")) }
        #expect(["FORBIDDEN", "NOT_FOUND"].contains(hidden?.code.rawValue ?? ""))
    }

    @Test func aTypedInvoiceExportsAsUBLAndCIIAndDepositsBackWithTheSameTotals() async throws {
        let fixture = try await InvoiceFixture.start()
        let supplier = try await fixture.connect(as: .supplierWriter)
        let original = try await supplier.call(InvoiceCatalogue.show, .with { $0.id = fixture.invoice }).invoice
        for format in ["ubl", "cii"] {
            let exported = try await Self.exported(supplier, id: fixture.invoice, format: format)
            var structured = try StructuredInvoiceReader.read(exported).invoice
            #expect(structured.number == original.header.number)
            structured.number = "BACK-\(format)"
            let back = try await Self.deposit(supplier, format == "ubl" ? CIIWriter.write(structured) : UBLWriter.write(structured))
            #expect(back.invoice.totals.totalHt == original.totals.totalHt)
            #expect(back.invoice.totals.totalVat == original.totals.totalVat)
            #expect(back.invoice.totals.totalTtc == original.totals.totalTtc)
            #expect(back.invoice.totals.amountDue == original.totals.amountDue)
        }
        // The recipient exports it too; the PDF shows the certificate.
        let recipient = try await fixture.connect(as: .recipientManager)
        let pdf = try await Self.exported(recipient, id: fixture.invoice, format: "pdf", slice: 1000)
        #expect(pdf.starts(with: Data("%PDF-".utf8)))
        let badFormat = await Self.error { _ = try await recipient.call(InvoiceCatalogue.export, .with { $0.id = fixture.invoice; $0.format = "docx" }) }
        #expect(badFormat?.code.rawValue == "INVALID_ARGUMENT")
        let outsider = try await fixture.connect(as: .outsider)
        let hidden = await Self.error { _ = try await outsider.call(InvoiceCatalogue.export, .with { $0.id = fixture.invoice; $0.format = "ubl" }) }
        #expect(hidden?.code.rawValue == "NOT_FOUND")
    }

    /// The whole export, asked slice by slice, its digest checked.
    @Test func anInvoiceDepositedAsXMLExportsItsFileUntilItIsRecycledElsewhere() async throws {
        let fixture = try await InvoiceFixture.start()
        let supplier = try await fixture.connect(as: .supplierWriter)
        let file = try StructuredFixture.ubl(number: "XML-REC")
        let id = try await Self.deposit(supplier, file).invoice.id
        #expect(try await Self.exported(supplier, id: id, format: "ubl") == file)
        let reason = try #require(RefusalReason.leading(to: .aRecycler).first)
        _ = try await fixture.server.store.applyInvoiceChange(InvoiceChange(
            invoiceID: id, expected: .miseADisposition, action: .status, to: .aRecycler, reason: reason, dpNumber: "", actor: .system, at: 1_764_547_300_000
        ))
        _ = try await supplier.call(InvoiceCatalogue.recycle, .with { $0.id = id; $0.service = "ECOLES"; $0.engagement = "EJ-1" })
        let after = try StructuredInvoiceReader.read(try await Self.exported(supplier, id: id, format: "ubl")).invoice
        #expect(after.number == "XML-REC")
        #expect(after.buyerReference == "ECOLES")
        #expect(after.orderReference == "EJ-1")
    }

    static func exported(_ connection: FacturoConnection, id: String, format: String, slice: UInt32 = 0) async throws -> Data {
        var data = Data()
        var size: UInt64 = 1
        var digest = ""
        while UInt64(data.count) < size {
            let part = try await connection.call(InvoiceCatalogue.export, .with { $0.id = id; $0.format = format; $0.offset = UInt64(data.count); $0.length = slice })
            size = part.size
            digest = part.digest
            #expect(!part.data.isEmpty || part.size == 0)
            data.append(part.data)
            if part.data.isEmpty { break }
        }
        #expect(!digest.isEmpty)
        return data
    }
}

/// XML members of a flow: each an invoice deposited from its file.
@Suite struct StructuredFlowTests {
    @Test func xmlMembersGoBesideTheManifestRowsAndFindingsBecomeReportRows() async throws {
        let fixture = try await InvoiceFixture.start()
        let connection = try await fixture.connect(as: .supplierWriter)
        var events = connection.events.makeAsyncIterator()
        var bad = try StructuredFixture.invoice(number: "FX-BAD")
        bad.totals.payable = XMLDecimal("1.00")
        let otherSeller = try StructuredFixture.ubl(number: "FX-OTHER", supplier: "48302190100002")
        let bytes = try FlowIntegrationTests.zip([FlowIntegrationTests.row("FX-CSV")], files: [
            ("f.pdf", ZipFiles.pdf), ("a-bonne.xml", try StructuredFixture.ubl(number: "FX-UBL")), ("b-cii.xml", CIIWriter.write(try StructuredFixture.invoice(number: "FX-CII"))),
            ("c-mauvaise.xml", UBLWriter.write(bad)), ("d-autre.xml", otherSeller), ("e-bruit.xml", Data("pas du xml".utf8)),
        ])
        let sent = try await FlowIntegrationTests.send(connection, bytes)
        let done = try await FlowIntegrationTests.integrated(sent.flow.id, &events)
        #expect(done.status == "INTEGRE_PARTIEL")
        #expect(done.integrated == 3)
        #expect(done.rejected == 3)
        let report = try await connection.call(InvoiceCatalogue.flowReport, .with { $0.id = sent.flow.id }).rows
        let byLine = Dictionary(uniqueKeysWithValues: report.map { ($0.line, $0) })
        #expect(byLine[1001]?.number == "FX-UBL")
        #expect(byLine[1001]?.status == "INTEGREE")
        #expect(byLine[1002]?.status == "INTEGREE")
        #expect(byLine[1003]?.code == "INVALID_TOTALS")
        #expect(byLine[1003]?.message.contains("BR-CO-16") == true)
        #expect(byLine[1003]?.message.hasPrefix("c-mauvaise.xml") == true)
        #expect(byLine[1004]?.code == "INVALID_ARGUMENT")
        #expect(byLine[1005]?.code == "INVALID_XML")
        let found = try await connection.call(InvoiceCatalogue.search, .with { $0.sent = true; $0.number = "FX-CII" }).invoices
        let shown = try await connection.call(InvoiceCatalogue.show, .with { $0.id = try #require(found.first).id }).invoice
        #expect(shown.channel == "FLUX")
        #expect(shown.totals.totalTtc == "7220.00")
        #expect(shown.attachments.first?.name == "b-cii.xml")
    }

    @Test func aMemberBreakingRulesHundredsOfTimesListsTwentyAndCountsTheRest() async throws {
        let fixture = try await InvoiceFixture.start()
        let connection = try await fixture.connect(as: .supplierWriter)
        var events = connection.events.makeAsyncIterator()
        let many = try StructuredFixture.unnamedLines(300, number: "FX-MANY")
        let total = EN16931Rules.check(many).filter { $0.severity == .fatal }.count
        #expect(total > 300)
        let bytes = try Data(contentsOf: ZipFiles.make([("nombreuses.xml", UBLWriter.write(many))]))
        let sent = try await FlowIntegrationTests.send(connection, bytes)
        let done = try await FlowIntegrationTests.integrated(sent.flow.id, &events)
        #expect(done.rejected == 1)
        let row = try #require(try await connection.call(InvoiceCatalogue.flowReport, .with { $0.id = sent.flow.id }).rows.first)
        #expect(row.message.components(separatedBy: " ; ").count == 21)
        #expect(row.message.hasSuffix("et \(total - 20) autre(s) anomalie(s) : invoice check en liste 1 000"))
    }

    @Test func aFlowOfXMLFilesOnlyNeedsNoManifest() async throws {
        let fixture = try await InvoiceFixture.start()
        let connection = try await fixture.connect(as: .supplierWriter)
        var events = connection.events.makeAsyncIterator()
        let bytes = try Data(contentsOf: ZipFiles.make([("une.xml", try StructuredFixture.ubl(number: "FX-ONLY"))]))
        let sent = try await FlowIntegrationTests.send(connection, bytes)
        let done = try await FlowIntegrationTests.integrated(sent.flow.id, &events)
        #expect(done.status == "INTEGRE")
        #expect(done.integrated == 1)
        // Neither a manifest nor XML: the whole flow is rejected.
        let empty = try Data(contentsOf: ZipFiles.make([("lisez-moi.txt", Data("rien".utf8))]))
        let refused = try await FlowIntegrationTests.send(connection, empty)
        let rejected = try await FlowIntegrationTests.integrated(refused.flow.id, &events)
        #expect(rejected.status == "REJETE")
    }
}
