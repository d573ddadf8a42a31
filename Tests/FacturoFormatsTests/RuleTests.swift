import FacturoDomain
@testable import FacturoFormats
import Foundation
import Testing

@Suite("EN 16931 rules, one failing and one passing case each")
struct RuleTests {
    @Test("the reference invoices break no rule")
    func referencesPass() {
        for category in ["Z", "E", "AE", "K", "G", "O"] {
            let findings = EN16931Rules.check(RuleFixtures.category(category))
            #expect(findings.isEmpty, "\(category): \(findings.map { "\($0.rule) \($0.message)" })")
        }
        let findings = EN16931Rules.check(RuleFixtures.french())
        #expect(findings.isEmpty, "\(findings.map { "\($0.rule) \($0.message)" })")
    }

    @Test("each rule passes its valid invoice and fails it broken", arguments: RuleCases.all)
    func rule(_ test: RuleCase) {
        let base = test.base()
        #expect(!EN16931Rules.check(base).contains { $0.rule == test.rule })
        var broken = base
        test.breakIt(&broken)
        let findings = EN16931Rules.check(broken).filter { $0.rule == test.rule }
        #expect(!findings.isEmpty, "\(test.rule) not found")
        for finding in findings {
            #expect(!finding.message.isEmpty)
            #expect(finding.path(in: .ubl).hasPrefix("/Invoice"))
            #expect(finding.path(in: .cii).hasPrefix("/rsm:CrossIndustryInvoice"))
        }
    }

    @Test("every checked rule has its case, and no case names an unchecked rule")
    func everyRuleTested() {
        let checked = EN16931Rules.all.map(\.id)
        #expect(Set(checked).count == checked.count, "a rule id is used twice")
        #expect(Set(RuleCases.all.map(\.rule)) == Set(checked))
    }

    @Test("a message names the expected and the found numbers, and the element of the file's syntax")
    func messages() throws {
        var invoice = RuleFixtures.french()
        invoice.totals.lineTotal = XMLDecimal("1234.50")
        let finding = try #require(EN16931Rules.check(invoice).first { $0.rule == "BR-CO-10" })
        #expect(finding.message(in: .ubl) == "la somme des montants nets des lignes vaut 1060.00 mais LineExtensionAmount (BT-106) indique 1234.50")
        #expect(finding.message(in: .cii).contains("LineTotalAmount (BT-106)"))
        #expect(finding.path(in: .ubl) == "/Invoice/cac:LegalMonetaryTotal/cbc:LineExtensionAmount")
        #expect(finding.terms == ["BT-106", "BT-131"])
        #expect(finding.severity == .fatal)
        #expect(finding.violation(syntax: .ubl).code == .invalidTotals)
        invoice = RuleFixtures.french()
        invoice.lines[1].netAmount = XMLDecimal("100.005")
        let line = try #require(EN16931Rules.check(invoice).first { $0.rule == "BR-DEC-23" })
        #expect(line.path(in: .ubl) == "/Invoice/cac:InvoiceLine[2]/cbc:LineExtensionAmount")
        #expect(line.path(in: .ubl, creditNote: true) == "/CreditNote/cac:CreditNoteLine[2]/cbc:LineExtensionAmount")
        #expect(line.violation(syntax: .cii).code == .en16931Rule)
    }

    @Test("the exact-cent rules tolerate 1.00 only when asked")
    func lenientRounding() {
        var invoice = RuleFixtures.french()
        invoice.vatBreakdown[0].taxAmount = XMLDecimal("184.90")
        invoice.totals.vatTotal = XMLDecimal("194.90")
        invoice.totals.taxInclusive = XMLDecimal("1214.90")
        invoice.totals.payable = XMLDecimal("1214.90")
        #expect(Set(EN16931Rules.check(invoice).map(\.rule)) == ["BR-CO-17", "BR-S-09"])
        #expect(EN16931Rules.check(invoice, options: RuleOptions(lenientVATRounding: true)).isEmpty)
        invoice.vatBreakdown[0].taxAmount = XMLDecimal("185.01")
        #expect(EN16931Rules.check(invoice, options: RuleOptions(lenientVATRounding: true)).contains { $0.rule == "BR-CO-17" })
    }

    @Test("French rules hold French invoices only")
    func frenchOnly() {
        var invoice = RuleFixtures.french()
        invoice.vatBreakdown[1].rate = XMLDecimal("7")
        #expect(EN16931Rules.check(invoice).contains { $0.rule == "FR-TVA-02" })
        // A French buyer does not make the seller's VAT French.
        invoice.seller.address?.country = "DE"
        invoice.seller.vatIdentifier = "DE123456789"
        #expect(!EN16931Rules.check(invoice).contains { $0.rule == "FR-TVA-02" })
        invoice.buyer.address?.country = "DE"
        #expect(!EN16931Rules.check(invoice).contains { $0.rule == "BR-FR-DEC-04" })
    }

    @Test("a check holds the first findings of the severity asked, and counts them all")
    func limit() {
        var invoice = RuleFixtures.french()
        let line = invoice.lines[1]
        invoice.lines = (1...30).map { index in
            var copy = line
            copy.id = String(index)
            copy.itemName = ""
            return copy
        }
        let all = EN16931Rules.check(invoice)
        let report = EN16931Rules.check(invoice, options: .strict, severity: .fatal, limit: 10)
        #expect(report.total == all.count)
        #expect(report.findings == Array(all.prefix(10)))
        #expect(EN16931Rules.check(invoice, options: .strict, severity: .warning, limit: 10).total == 0)
        let refusal = Finding.refusal(report.findings, total: report.total, syntax: .ubl, creditNote: false)
        #expect(refusal?.violations.count == 10)
        #expect(refusal?.message.contains("et \(all.count - 1) autre(s) anomalie(s), dont les 9 premières listées") == true)
        #expect(Finding.refusal([], total: 0, syntax: .ubl, creditNote: false) == nil)
    }

    @Test("BR-FR-DEC-01 reads the lines' allowances and charges too")
    func frenchLineAllowances() {
        var invoice = RuleFixtures.french()
        #expect(!EN16931Rules.check(invoice).contains { $0.rule == "BR-FR-DEC-01" })
        invoice.lines[0].allowances[0].baseAmount = RuleFixtures.d("12345678901234567890.00")
        let findings = EN16931Rules.check(invoice).filter { $0.rule == "BR-FR-DEC-01" }
        #expect(findings.count == 1)
        #expect(findings.first?.path(in: .ubl).hasPrefix("/Invoice/cac:InvoiceLine[1]/cac:AllowanceCharge[1]") == true)
    }

    @Test("a finding quoting a huge number is cut, not the size of the file")
    func longMessages() {
        var invoice = RuleFixtures.french()
        invoice.totals.payable = RuleFixtures.d(String(repeating: "9", count: 20_000) + ".001")
        let findings = EN16931Rules.check(invoice)
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { $0.message.count <= EN16931Rules.messageMaximum + 1 })
    }

    @Test("arithmetic findings travel with the sending issue's codes")
    func codes() {
        #expect(Finding.code(forRule: "BR-CO-13") == .invalidTotals)
        #expect(Finding.code(forRule: "BR-CO-14") == .invalidVATBreakdown)
        #expect(Finding.code(forRule: "BR-S-08") == .invalidVATBreakdown)
        #expect(Finding.code(forRule: "BR-IC-09") == .invalidVATBreakdown)
        #expect(Finding.code(forRule: "BR-IC-11") == .en16931Rule)
        #expect(Finding.code(forRule: "BR-08") == .en16931Rule)
        #expect(Finding.code(forRule: "BR-DEC-09") == .en16931Rule)
    }
}
