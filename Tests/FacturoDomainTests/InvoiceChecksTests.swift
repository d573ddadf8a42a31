import FacturoDomain
import Foundation
import Testing

/// The invoice model, its arithmetic and its checks, without sockets: the
/// reference's two worked examples, credit notes, A2, rounding of halves on
/// negative amounts, and one test per code.
@Suite struct InvoiceChecksTests {
    static let college = StructureIdentifier.siret(try! Siret("19290086800022"))
    static let cci = StructureIdentifier.siret(try! Siret("13001727000013"))
    static let depositDay = try! CalendarDate("2026-12-01")

    static func decimal(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }
    static func amount(_ value: Decimal) -> String { ExactDecimal.text(value, .amount) }

    static func header(number: String = "F2026-001", date: String = "2026-11-30", frame: BillingFrame = .supplierInvoice) -> InvoiceHeader {
        InvoiceHeader(number: number, date: try! CalendarDate(date), frame: frame, supplier: college, supplierService: Service.facturesPubliques, recipient: cci)
    }

    static func line(_ quantity: String, _ price: String, rate: String, discount: String = "") throws -> InvoiceLine {
        try InvoiceLine(designation: "Chaises A Tolix", quantity: quantity, unit: "Pièce", unitPrice: price, discount: discount, vatRate: rate, field: "lines[1]")
    }

    static func codes(_ invoice: InvoiceDocument) -> [String] {
        InvoiceChecks.violations(of: invoice, depositDate: depositDay).map(\.code.rawValue)
    }

    @Test("Saisir une facture: 20 Pièce × 320.00 at 10 %") func typedReferenceExample() throws {
        let invoice = InvoiceDocument.typed(Self.header(), lines: [try Self.line("20", "320", rate: "10")])
        #expect(Self.amount(invoice.totals.totalHT) == "6400.00")
        #expect(Self.amount(invoice.totals.totalVAT) == "640.00")
        #expect(Self.amount(invoice.totals.totalTTC) == "7040.00")
        #expect(Self.amount(invoice.totals.amountDue) == "7040.00")
        #expect(invoice.vatBreakdown == [VATBreakdownRow(rate: VATRate(10)!, base: 6400, amount: 640)])
        #expect(Self.codes(invoice).isEmpty)
    }

    @Test("Déposer une facture: HT 1000.00, TVA 200.00") func depositedReferenceExample() throws {
        var header = Self.header(number: "20171230001642", date: "2020-09-30")
        header.vatRegime = .surEncaissement
        let invoice = InvoiceDocument.deposited(header, totalHT: 1000, totalVAT: 200)
        #expect(Self.amount(invoice.totals.totalTTC) == "1200.00")
        #expect(Self.amount(invoice.totals.amountDue) == "1200.00")
        #expect(Self.codes(invoice).isEmpty)
    }

    /// Quantity and price of 15 integer digits each would make a net of 30:
    /// refused per line, and totals beyond 15 integer digits are refused.
    @Test func amountsStayWithinFifteenIntegerDigits() throws {
        #expect(throws: DomainError.self) { try Self.line("999999999999999", "999999999999999", rate: "20") }
        do {
            _ = try Self.line("100000", "100000000", rate: "20")  // 10^13
            Issue.record("accepted")
        } catch let error as DomainError {
            #expect(error.violations.map(\.code.rawValue) == ["INVALID_INVOICE_LINE"])
        }
        let big = try Self.line("99999", "99999999", rate: "20")  // just under 10^13
        let invoice = InvoiceDocument.typed(Self.header(), lines: Array(repeating: big, count: 200))
        #expect(Self.codes(invoice) == ["INVALID_TOTALS"])
        #expect(Self.codes(InvoiceDocument.typed(Self.header(), lines: [big])).isEmpty)
    }

    @Test func vatIsRoundedPerRateNotPerLine() throws {
        // Three lines of 0.05 at 10 %: 0.005 each (0.01 rounded, 0.03 in all
        // per line), but 0.015 on the rate's base of 0.15: 0.02.
        let lines = try (1...3).map { _ in try Self.line("1", "0.05", rate: "10") }
        let invoice = InvoiceDocument.typed(Self.header(), lines: lines)
        #expect(Self.amount(invoice.totals.totalVAT) == "0.02")
        #expect(Self.codes(invoice).isEmpty)
    }

    @Test func halvesOnNegativeAmountsRoundAwayFromZero() throws {
        let line = try Self.line("-1", "0.125", rate: "20")
        #expect(Self.amount(line.net) == "-0.13")
        #expect(Self.amount(VATRate(20)!.tax(on: Self.decimal("-0.125"))) == "-0.03")
        #expect(Self.amount(VATRate(10)!.tax(on: Self.decimal("-0.05"))) == "-0.01")
    }

    @Test func lineDiscountAndSeveralRates() throws {
        let invoice = InvoiceDocument.typed(Self.header(), lines: [
            try Self.line("3", "19.999", rate: "20", discount: "1.00"), try Self.line("2.5", "4.1", rate: "5.5"),
        ])
        // 59.997 → 60.00 - 1.00 = 59.00 at 20 % (11.80); 10.25 at 5.5 % (0.56375 → 0.56).
        #expect(invoice.vatBreakdown.map { Self.amount($0.base) } == ["59.00", "10.25"])
        #expect(invoice.vatBreakdown.map { Self.amount($0.amount) } == ["11.80", "0.56"])
        #expect(Self.amount(invoice.totals.totalTTC) == "81.61")
    }

    @Test func creditNoteNamesItsOriginal() throws {
        var header = Self.header(number: "AV-1")
        header.type = .avoir
        #expect(Self.codes(InvoiceDocument.deposited(header, totalHT: 100, totalVAT: 20)) == ["MISSING_ORIGINAL_INVOICE"])
        header.originalInvoice = "F2026-001"
        #expect(Self.codes(InvoiceDocument.deposited(header, totalHT: 100, totalVAT: 20)).isEmpty)
        header.originalInvoice = "F 2026"
        #expect(Self.codes(InvoiceDocument.deposited(header, totalHT: 100, totalVAT: 20)) == ["INVALID_INVOICE_NUMBER"])
    }

    @Test func alreadyPaidInvoiceDuesNothing() throws {
        let paid = Self.header(frame: .alreadyPaid)
        #expect(Self.amount(InvoiceDocument.deposited(paid, totalHT: 100, totalVAT: 20).totals.amountDue) == "0.00")
        #expect(Self.codes(InvoiceDocument.deposited(paid, totalHT: 100, totalVAT: 20)).isEmpty)
        #expect(Self.codes(InvoiceDocument.deposited(paid, totalHT: 100, totalVAT: 20, amountDue: 120)) == ["INVALID_AMOUNT_DUE"])
    }

    @Test("numbers: 1 to 35 of [A-Za-z0-9+-_/]", arguments: ["", String(repeating: "9", count: 36), "F 1", "F.1", "FACTURE#1", "é1"])
    func invalidNumbers(_ number: String) {
        #expect(Self.codes(InvoiceDocument.deposited(Self.header(number: number), totalHT: 1, totalVAT: 0)) == ["INVALID_INVOICE_NUMBER"])
    }

    @Test func validNumbers() {
        for number in ["A", "20171230001642", "F+2026-001_b/3", String(repeating: "Z", count: 35)] {
            #expect(Self.codes(InvoiceDocument.deposited(Self.header(number: number), totalHT: 1, totalVAT: 0)).isEmpty, "\(number)")
        }
    }

    @Test func currencyDateAndFrame() {
        var header = Self.header(date: "2026-12-02")
        header.currency = "EUX"
        header.frame = BillingFrame(rawValue: "A3")!
        #expect(Self.codes(InvoiceDocument.deposited(header, totalHT: 1, totalVAT: 0)) == ["INVALID_CURRENCY", "INVALID_INVOICE_DATE", "UNSUPPORTED_BILLING_FRAME"])
        header = Self.header(date: "2026-12-01")
        header.currency = "CHF"
        #expect(Self.codes(InvoiceDocument.deposited(header, totalHT: 1, totalVAT: 0)).isEmpty, "the deposit day itself is not after it")
    }

    @Test func declaredTotalsAreHeldToTheCent() throws {
        let header = Self.header()
        #expect(Self.codes(InvoiceDocument.deposited(header, totalHT: 1000, totalVAT: 200, totalTTC: Self.decimal("1200.01"))) == ["INVALID_TOTALS"], "the amount due follows the declared TTC")
        #expect(Self.codes(InvoiceDocument.deposited(header, totalHT: 1000, totalVAT: 200, amountDue: 1100)) == ["INVALID_TOTALS"])
        let rules = InvoiceChecks.violations(of: InvoiceDocument.deposited(header, totalHT: 1000, totalVAT: 200, totalTTC: 1199), depositDate: Self.depositDay)
        #expect(rules.map(\.rule) == ["BR-CO-15"])
        #expect(rules[0].message.contains("1200.00") && rules[0].message.contains("1199.00"), "\(rules[0].message)")

        var typed = InvoiceDocument.typed(header, lines: [try Self.line("20", "320", rate: "10")])
        typed.totals.lineTotal = 6400.01
        typed.totals.totalHT = 6400.01
        #expect(InvoiceChecks.violations(of: typed, depositDate: Self.depositDay).compactMap(\.rule).contains("BR-CO-10"))
    }

    @Test func vatBreakdownRules() throws {
        var invoice = InvoiceDocument.typed(Self.header(), lines: [try Self.line("20", "320", rate: "10")])
        invoice.vatBreakdown[0].amount = 641
        invoice.totals.totalVAT = 641
        invoice.totals.totalTTC = 7041
        invoice.totals.amountDue = 7041
        #expect(InvoiceChecks.violations(of: invoice, depositDate: Self.depositDay).map(\.rule) == ["BR-CO-17"])
        invoice.totals.totalVAT = 640
        #expect(InvoiceChecks.violations(of: invoice, depositDate: Self.depositDay).compactMap(\.rule).contains("BR-CO-14"))
        invoice = InvoiceDocument.typed(Self.header(), lines: [try Self.line("20", "320", rate: "10")])
        invoice.vatBreakdown = []
        #expect(Self.codes(invoice).first == "INVALID_VAT_BREAKDOWN")
    }

    @Test func exemptionNeedsItsReason() throws {
        var header = Self.header()
        header.vatRegime = .exoneration
        #expect(Self.codes(InvoiceDocument.deposited(header, totalHT: 100, totalVAT: 0)) == ["MISSING_EXEMPTION_REASON"])
        #expect(Self.codes(InvoiceDocument.deposited(header, totalHT: 100, totalVAT: 20)) == ["MISSING_EXEMPTION_REASON", "INVALID_VAT_BREAKDOWN"])
        header.exemptionReason = "Article 261 du CGI"
        #expect(Self.codes(InvoiceDocument.deposited(header, totalHT: 100, totalVAT: 0)).isEmpty)
        let zeroRated = InvoiceDocument.typed(Self.header(), lines: [try Self.line("1", "10", rate: "0")])
        #expect(Self.codes(zeroRated) == ["MISSING_EXEMPTION_REASON"])
    }

    @Test func everyFailureAtOnceFirstCodeFirst() throws {
        var header = Self.header(number: "", date: "2027-01-01")
        header.type = .avoir
        let error = try #require(DomainError(violations: InvoiceChecks.violations(of: InvoiceDocument.deposited(header, totalHT: 1, totalVAT: 0, totalTTC: 2), depositDate: Self.depositDay)))
        #expect(error.code == .invalidInvoiceNumber)
        #expect(error.violations.map(\.code) == [.invalidInvoiceNumber, .invalidInvoiceDate, .missingOriginalInvoice, .invalidTotals])
        #expect(error.message.contains("et 3 autre(s)"))
    }

    @Test func linesReportEveryWrongValue() {
        do {
            _ = try InvoiceLine(designation: " ", quantity: "1.23456", unit: "", unitPrice: "abc", discount: "-1", vatRate: "19.6", field: "lines[2]")
            Issue.record("accepted")
        } catch {
            #expect(error.violations.map(\.code.rawValue) == ["INVALID_INVOICE_LINE", "INVALID_INVOICE_LINE", "INVALID_AMOUNT", "INVALID_AMOUNT", "INVALID_AMOUNT", "INVALID_VAT_RATE"], "quantity, unit price, discount, rate")
            #expect(error.violations.allSatisfy { $0.field?.hasPrefix("lines[2].") == true })
        }
        #expect(domainErrorCode { _ = try InvoiceLine(designation: "x", quantity: "1", unit: "u", unitPrice: "1", vatRate: "20", field: "l") } == nil)
    }

    @Test func freeTextHasNoControlCharactersNorLineSeparators() throws {
        for bad in ["a\nb", "a\u{2028}b", "a\u{85}b", "a\u{0B}b"] {
            var header = Self.header()
            header.comment = bad
            #expect(Self.codes(InvoiceDocument.deposited(header, totalHT: 1, totalVAT: 0)) == ["INVALID_ARGUMENT"], "\(bad.unicodeScalars.map(\.value))")
            #expect(domainErrorCode { _ = try InvoiceLine(designation: bad, quantity: "1", unit: "u", unitPrice: "1", vatRate: "20", field: "l") } == "INVALID_ARGUMENT")
        }
        var header = Self.header()
        header.comment = "Livraison\tquai 2 — « urgent »"
        #expect(Self.codes(InvoiceDocument.deposited(header, totalHT: 1, totalVAT: 0)).isEmpty)
    }

    @Test func attachmentsAreAtMostAHundred() {
        #expect(domainErrorCode { try AttachmentRules.checkSizes((1...100).map { ("p\($0).pdf", 1) }) } == nil)
        #expect(domainErrorCode { try AttachmentRules.checkSizes((1...101).map { ("p\($0).pdf", 1) }) } == "ATTACHMENTS_TOO_LARGE")
    }

    @Test func typedInvoiceHasLines() {
        #expect(Self.codes(InvoiceDocument.typed(Self.header(), lines: [])).contains("INVALID_INVOICE_LINE"))
    }
}

/// The bytes a deposit certificate digests change with any byte of the
/// invoice as accepted, and only with it.
@Suite struct InvoiceCanonicalFormTests {
    static func bytes(_ invoice: InvoiceDocument, attachments: [InvoiceCanonicalForm.AttachmentDigest] = [], at time: Int64 = 1) -> [UInt8] {
        InvoiceCanonicalForm.bytes(of: invoice, id: "id-1", attachments: attachments, depositedAt: time)
    }

    @Test func everyPartOfTheInvoiceCounts() throws {
        let invoice = InvoiceDocument.typed(InvoiceChecksTests.header(), lines: [try InvoiceChecksTests.line("20", "320", rate: "10")])
        let reference = Self.bytes(invoice)
        #expect(Self.bytes(invoice) == reference, "stable")
        var changed = invoice
        changed.header.number = "F2026-002"
        #expect(Self.bytes(changed) != reference)
        changed = invoice
        changed.lines[0].designation = "Chaises B Tolix"
        #expect(Self.bytes(changed) != reference)
        changed = invoice
        changed.totals.amountDue -= Decimal(string: "0.01")!
        #expect(Self.bytes(changed) != reference)
        changed = invoice
        changed.header.comment = "a\nnumber=F2026-001"
        #expect(String(decoding: Self.bytes(changed), as: UTF8.self).contains("comment=a\\nnumber=F2026-001\n"), "a line break cannot forge a field")
        #expect(Self.bytes(invoice, at: 2) != reference)
        #expect(Self.bytes(invoice, attachments: [.init(name: "f.pdf", digest: "AAAA", isMain: true)]) != reference)
        #expect(Self.bytes(invoice, attachments: [.init(name: "f.pdf", digest: "AAAA", isMain: true)])
            != Self.bytes(invoice, attachments: [.init(name: "f.pdf", digest: "AAAB", isMain: true)]))
    }
}
