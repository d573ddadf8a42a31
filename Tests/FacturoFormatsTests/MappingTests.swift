import FacturoDomain
@testable import FacturoFormats
import Foundation
import Testing

@Suite("The exchange's invoices as EN 16931, and back")
struct MappingTests {
    static func typed() throws -> InvoiceDocument {
        let header = InvoiceHeader(
            number: "F2026-042", date: try CalendarDate("2026-11-30"), supplier: .siret(try Siret("48302190100002")),
            supplierBankAccount: "FR7630006000011234567890189", recipient: .siret(try Siret("21780092900010")),
            recipientService: "SERVICES_TECHNIQUES", engagement: "EJ1400005262", contract: "M2026-7"
        )
        let lines = [
            try InvoiceLine(reference: "SEC-1", designation: "Chaussures de sécurité", quantity: "20", unit: "Pièce", unitPrice: "320.00", vatRate: "10", field: "lines[1]"),
            try InvoiceLine(designation: "Pose", quantity: "3.5", unit: "Heure", unitPrice: "45.00", discount: "7.50", vatRate: "20", field: "lines[2]"),
        ]
        return InvoiceDocument.typed(header, lines: lines)
    }

    /// The day the tests' files are deposited.
    static let depositDay = try! CalendarDate("2026-12-01")

    /// `document` as the exchange exports it, between the tests' parties.
    static func file(of document: InvoiceDocument) -> StructuredInvoice {
        StructuredExport.invoice(document, supplier: supplier, recipient: recipient)
    }

    /// What depositing `file` for `document`'s supplier makes of it.
    static func deposited(_ file: StructuredInvoice, for document: InvoiceDocument) throws -> InvoiceDocument {
        try StructuredDeposit(file).fields.document(supplier: document.header.supplier, depositDay: depositDay, channel: .depot)
    }

    static let supplier = StructuredExport.Party(name: "CHAUSSURES ER", identifier: .siret(try! Siret("48302190100002")), address: try! PostalAddress(line: "3 rue des Cordonniers", postcode: "75011", town: "Paris"))
    static let recipient = StructuredExport.Party(name: "COMMUNE DE BOUGIVAL", identifier: .siret(try! Siret("21780092900010")), address: try! PostalAddress(postcode: "78380", town: "Bougival"))

    @Test("a typed invoice exports with no finding, in both syntaxes, and deposits back with the same totals")
    func typedRoundTrip() throws {
        let document = try Self.typed()
        let exported = StructuredExport.invoice(document, supplier: Self.supplier, recipient: Self.recipient, depositNumber: "AbCd")
        #expect(EN16931Rules.check(exported).isEmpty, "\(EN16931Rules.check(exported).map { "\($0.rule) \($0.message)" })")
        #expect(exported.seller.siret == "48302190100002")
        #expect(exported.buyerReference == "SERVICES_TECHNIQUES")
        #expect(exported.orderReference == "EJ1400005262")
        #expect(exported.lines[0].unitCode == "C62")
        #expect(exported.lines[1].unitCode == "HUR")
        #expect(exported.seller.vatIdentifier == "FR78483021901")
        for data in [UBLWriter.write(exported), CIIWriter.write(exported)] {
            let read = try StructuredInvoiceReader.read(data).invoice
            #expect(read == exported)
            let deposit = StructuredDeposit(read)
            #expect(deposit.supplierSiret == "48302190100002")
            let back = try deposit.fields.document(supplier: document.header.supplier, depositDay: try CalendarDate("2026-12-01"), channel: .depot)
            #expect(back.totals.totalHT == document.totals.totalHT)
            #expect(back.totals.totalVAT == document.totals.totalVAT)
            #expect(back.totals.totalTTC == document.totals.totalTTC)
            #expect(back.totals.amountDue == document.totals.amountDue)
            #expect(back.header.recipient == document.header.recipient)
            #expect(back.header.recipientService == "SERVICES_TECHNIQUES")
            #expect(back.header.engagement == "EJ1400005262")
            #expect(back.header.contract == "M2026-7")
            #expect(back.header.supplierBankAccount == "FR7630006000011234567890189")
            #expect(back.header.number == "F2026-042")
            #expect(InvoiceChecks.violations(of: back, depositDate: try CalendarDate("2026-12-01")).isEmpty)
        }
    }

    @Test("a file paid in full beforehand deposits as already paid (A2); a partial prepayment is refused on its amount due")
    func prepaid() throws {
        let document = try Self.typed()
        var file = Self.file(of: document)
        let ttc = try #require(file.totals.taxInclusive?.value)
        file.totals.prepaid = file.totals.taxInclusive
        file.totals.payable = XMLDecimal("0.00")
        #expect(!EN16931Rules.check(file).contains { $0.severity == .fatal })
        let paid = try Self.deposited(file, for: document)
        #expect(paid.header.frame == .alreadyPaid)
        #expect(InvoiceChecks.violations(of: paid, depositDate: Self.depositDay).isEmpty)
        file.totals.prepaid = XMLDecimal("100.00")
        file.totals.payable = XMLDecimal(ExactDecimal.text(ttc - 100, .amount))
        #expect(!EN16931Rules.check(file).contains { $0.severity == .fatal })
        let refused = InvoiceChecks.violations(of: try Self.deposited(file, for: document), depositDate: Self.depositDay)
        #expect(refused.map(\.field) == ["amount_due"])
        #expect(refused.first?.code == .invalidTotals)
    }

    @Test("amounts written as other xs:decimal forms, and an absent BT-110, deposit as the exchange writes them")
    func amountForms() throws {
        let document = try Self.typed()
        var file = Self.file(of: document)
        let ht = try #require(file.totals.taxExclusive?.text)
        file.totals.taxExclusive = XMLDecimal("+" + ht)
        file.totals.vatTotal = nil
        #expect(file.totals.taxExclusive?.value != nil)
        let deposit = StructuredDeposit(file)
        #expect(deposit.fields.totalHT == ht)
        #expect(deposit.fields.totalVAT == ExactDecimal.text(document.totals.totalVAT, .amount))
        #expect(try Self.deposited(file, for: document).totals == document.totals)
        // Three places stay as written, for the checks to refuse.
        file.totals.taxExclusive = XMLDecimal(ht + "0")
        #expect(StructuredDeposit(file).fields.totalHT == ht + "0")
    }

    @Test("a credit note exports as a UBL CreditNote naming the invoice it corrects")
    func creditNote() throws {
        var document = try Self.typed()
        document.header.type = .avoir
        document.header.originalInvoice = "F2026-041"
        let exported = Self.file(of: document)
        let text = String(decoding: UBLWriter.write(exported), as: UTF8.self)
        #expect(text.contains("<CreditNote "))
        #expect(text.contains("<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>"))
        let back = StructuredDeposit(try StructuredInvoiceReader.read(Data(text.utf8)).invoice)
        #expect(back.fields.header.type == "AVOIR")
        #expect(back.fields.header.originalInvoice == "F2026-041")
    }

    @Test("a deposited invoice without lines exports one line at its HT amount, its rate found from its VAT")
    func depositedWithoutLines() throws {
        let header = InvoiceHeader(number: "D-1", date: try CalendarDate("2026-11-30"), supplier: .siret(try Siret("48302190100002")), recipient: .siret(try Siret("21780092900010")))
        let document = InvoiceDocument.deposited(header, totalHT: 1000, totalVAT: 200)
        let exported = Self.file(of: document)
        #expect(exported.lines.count == 1)
        #expect(exported.vatBreakdown.first?.rate?.text == "20")
        #expect(EN16931Rules.check(exported).isEmpty, "\(EN16931Rules.check(exported).map { "\($0.rule) \($0.message)" })")
        #expect(exported.payment?.meansCode == "1")
        #expect(StructuredDeposit(exported).fields.header.paymentMode == "VIREMENT")
    }

    @Test("an official example's deposit fields: amounts from the file, a foreign seller without SIRET")
    func exampleDeposit() throws {
        let read = try StructuredInvoiceReader.read(try Fixtures.data("ubl-tc434-example1.xml")).invoice
        let deposit = StructuredDeposit(read)
        #expect(deposit.supplierSiret == nil)
        #expect(deposit.fields.totalHT == read.totals.taxExclusive?.text)
        #expect(deposit.fields.amountDue == read.totals.payable?.text)
        #expect(deposit.fields.header.number == read.number)
    }

    @Test("UNTDID payment means and the reference's modes map both ways")
    func paymentModes() {
        for mode in PaymentMode.allCases {
            #expect(StructuredDeposit.paymentMode(StructuredDeposit.meansCode(mode)) == mode)
        }
        #expect(StructuredDeposit.paymentMode("58") == .virement)
        #expect(StructuredDeposit.paymentMode("48") == .autre)
    }
}

@Suite("When an invoice is exported from its own file")
struct FileStatesInvoiceTests {
    @Test("the file states the invoice it was made from, and no longer once it is routed elsewhere or says other amounts")
    func states() throws {
        let document = try MappingTests.typed()
        let file = MappingTests.file(of: document)
        #expect(StructuredDeposit(file).states(document))
        let changes: [(String, (inout InvoiceDocument) throws -> Void)] = [
            ("service", { $0.header.recipientService = "FACTURES_PUBLIQUES" }),
            ("engagement", { $0.header.engagement = "EJ0000000001" }),
            ("recipient", { $0.header.recipient = .siret(try Siret("19290086800022")) }),
            ("number", { $0.header.number = "F2026-043" }),
            ("date", { $0.header.date = try CalendarDate("2026-12-01") }),
            ("type", { $0.header.type = .avoir }),
            ("account", { $0.header.supplierBankAccount = "FR7612345678901234567890123" }),
            ("supplier", { $0.header.supplier = .siret(try Siret("19290086800022")) }),
        ]
        for (what, change) in changes {
            var other = document
            try change(&other)
            #expect(!StructuredDeposit(file).states(other), "\(what)")
        }
        var amounts = file
        amounts.totals.payable = XMLDecimal("1.00")
        #expect(!StructuredDeposit(amounts).states(document))
    }
}

@Suite("A file's seller and the depositing supplier")
struct SellerMatchTests {
    @Test("every SIREN the file gives must be the supplier's")
    func siren() throws {
        var invoice = try StructuredFixtureLocal.invoice()
        #expect(StructuredDeposit.sellerMatches(invoice, siret: "48302190100002"))
        invoice.seller.legalRegistration = .init("552100554", scheme: "0002")
        #expect(!StructuredDeposit.sellerMatches(invoice, siret: "48302190100002"))
        invoice.seller.legalRegistration = .init("483021901", scheme: "0002")
        #expect(StructuredDeposit.sellerMatches(invoice, siret: "48302190100002"))
        invoice.seller.vatIdentifier = "FR40552100554"
        #expect(!StructuredDeposit.sellerMatches(invoice, siret: "48302190100002"))
    }

    @Test("a file deposited for its own SIRET is refused when its other identifiers are another company's")
    func supplierFromTheFile() throws {
        var invoice = try StructuredFixtureLocal.invoice()
        let own = try StructureIdentifier(type: .siret, value: "48302190100002")
        #expect(StructuredDeposit(invoice).supplierSiret == own.value)
        #expect(try StructuredDeposit(invoice).supplier(named: nil) == own)
        #expect(try StructuredDeposit(invoice).supplier(named: own) == own)
        invoice.seller.vatIdentifier = "FR40552100554"
        for named in [nil, own] {
            #expect(throws: DomainError.self) { try StructuredDeposit(invoice).supplier(named: named) }
        }
    }

    @Test("a named supplier must be the file's SIRET; a file without one needs a supplier named")
    func namedSupplier() throws {
        var invoice = try StructuredFixtureLocal.invoice()
        let other = try StructureIdentifier(type: .siret, value: "21780092900010")
        #expect(throws: DomainError.self) { try StructuredDeposit(invoice).supplier(named: other) }
        invoice.seller.identifiers.removeAll { $0.scheme == StructuredInvoice.siretScheme }
        invoice.seller.legalRegistration = nil
        invoice.seller.electronicAddress = nil
        #expect(StructuredDeposit(invoice).supplierSiret == nil)
        #expect(throws: DomainError.self) { try StructuredDeposit(invoice).supplier(named: nil) }
    }

    @Test("the recipient is the buyer's SIRET only")
    func recipient() throws {
        var invoice = try StructuredFixtureLocal.invoice()
        invoice.buyer.identifiers = [.init("12345", scheme: "0088")]
        invoice.buyer.electronicAddress = nil
        #expect(StructuredDeposit(invoice).fields.header.recipient == nil)
    }
}

enum StructuredFixtureLocal {
    static func invoice() throws -> StructuredInvoice {
        MappingTests.file(of: try MappingTests.typed())
    }
}
