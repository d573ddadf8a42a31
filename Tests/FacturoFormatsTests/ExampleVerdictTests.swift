import FacturoDomain
@testable import FacturoFormats
import Foundation
import Testing

/// The verdicts docs/formats.md gives for the official examples.
@Suite("The official examples' verdicts")
struct ExampleVerdictTests {
    /// The one example whose only findings are the exact-cent rules: a
    /// forint invoice rounding VAT to the whole forint (18 679 for 18 678.60).
    static let needsLenientRounding = ["huf_example_cii.xml"]

    @Test("every valid example checks without findings", arguments: Fixtures.all.filter { !needsLenientRounding.contains($0) })
    func valid(name: String) throws {
        let read = try StructuredInvoiceReader.read(try Fixtures.data(name))
        let findings = EN16931Rules.check(read.invoice)
        #expect(findings.isEmpty, "\(findings.map { "\($0.rule) \($0.message)" })")
    }

    @Test("the forint example breaks only the exact-cent rules, and passes with --lenient-vat-rounding")
    func forint() throws {
        let read = try StructuredInvoiceReader.read(try Fixtures.data("huf_example_cii.xml"))
        let strict = EN16931Rules.check(read.invoice)
        #expect(Set(strict.map(\.rule)) == ["BR-CO-17", "BR-S-09"])
        let finding = try #require(strict.first { $0.rule == "BR-CO-17" })
        #expect(finding.message(in: .cii).contains("vaut 18678.60 mais CalculatedAmount (BT-117) indique 18679.00"))
        #expect(finding.path(in: .cii).hasSuffix("ram:ApplicableTradeTax[1]/ram:CalculatedAmount"))
        #expect(EN16931Rules.check(read.invoice, options: RuleOptions(lenientVATRounding: true)).isEmpty)
    }

    @Test("BIS3_Invoice_negativ is the positive one negated, and is as valid: the standard allows negative amounts and quantities")
    func negated() throws {
        let positive = try StructuredInvoiceReader.read(try Fixtures.data("BIS3_Invoice_positive.XML")).invoice
        let negative = try StructuredInvoiceReader.read(try Fixtures.data("BIS3_Invoice_negativ.XML")).invoice
        #expect(negative.totals.payable?.value == -(positive.totals.payable?.value ?? 0))
        #expect(negative.lines[0].quantity?.value == -(positive.lines[0].quantity?.value ?? 0))
        #expect(negative.lines[0].netPrice == positive.lines[0].netPrice)
        #expect(EN16931Rules.check(negative).isEmpty)
    }

    @Test("the CII rounding example sums to exactly zero: no BR-CO-10, where binary floating point would not")
    func roundingIssue() throws {
        let invoice = try StructuredInvoiceReader.read(try Fixtures.data("CII-BR-CO-10-RoundingIssue.xml")).invoice
        let nets = invoice.lines.compactMap { $0.netAmount?.value }
        #expect(nets.reduce(0, +) == 0)
        #expect(nets.map { NSDecimalNumber(decimal: $0).doubleValue }.reduce(0, +) != 0)
        #expect(EN16931Rules.check(invoice).isEmpty)
    }

    @Test("values read from the examples are the files' own")
    func valuesRead() throws {
        let ubl = try StructuredInvoiceReader.read(try Fixtures.data("ubl-tc434-example1.xml"))
        #expect(ubl.syntax == .ubl)
        #expect(ubl.invoice.number == "12115118")
        #expect(ubl.invoice.lines.count == 20)
        let cii = try StructuredInvoiceReader.read(try Fixtures.data("CII_example1.xml"))
        #expect(cii.syntax == .cii)
        #expect(cii.invoice.number == ubl.invoice.number)
        #expect(cii.invoice.totals.payable == ubl.invoice.totals.payable)
        #expect(cii.invoice.seller.name == ubl.invoice.seller.name)
        #expect(cii.invoice.vatBreakdown.map(\.taxAmount) == ubl.invoice.vatBreakdown.map(\.taxAmount))
        let credit = try StructuredInvoiceReader.read(try Fixtures.data("ubl-tc434-creditnote1.xml")).invoice
        #expect(credit.isCreditNote)
        #expect(credit.payment?.transfers.first?.account == "BE91000000143476")
        let attached = try StructuredInvoiceReader.read(try Fixtures.data("FT_G2G_TD01_split_payment.xml")).invoice
        let attachment = try #require(attached.documents.first { $0.attachment != nil }?.attachment)
        #expect(attachment.count > 2_000_000)
        #expect(attachment.starts(with: Data("%PDF".utf8)))
    }
}
