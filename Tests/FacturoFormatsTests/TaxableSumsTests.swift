@testable import FacturoFormats
import Foundation
import Testing

/// BR-x-08's bases, summed once per check instead of once per breakdown row.
@Suite struct TaxableSumsTests {
    @Test("sums by category and by rate, 20 and 20.000 being the same rate")
    func sums() {
        var invoice = RuleFixtures.french()
        var third = invoice.lines[1]
        third.id = "3"
        third.netAmount = RuleFixtures.d("33.33")
        third.vatRate = RuleFixtures.d("20.000")
        var exempt = invoice.lines[1]
        exempt.id = "4"
        exempt.netAmount = RuleFixtures.d("7.00")
        exempt.vatCategory = "E"
        exempt.vatRate = nil
        invoice.lines += [third, exempt]
        let sums = TaxableSums(invoice)
        // 960.00 + 33.33 at 20 %, + 20.00 of charges − 60.00 of allowances.
        #expect(sums.taxable(category: "S", rate: 20) == Decimal(string: "953.33"))
        #expect(sums.taxable(category: "S", rate: 10) == Decimal(string: "100.00"))
        #expect(sums.taxable(category: "S", rate: 5.5) == 0)
        #expect(sums.taxable(category: "S", rate: nil) == Decimal(string: "1053.33"))
        #expect(sums.taxable(category: "E", rate: 0) == Decimal(string: "7.00"))
        #expect(sums.taxable(category: "E", rate: nil) == Decimal(string: "7.00"))
        #expect(sums.taxable(category: "Z", rate: nil) == 0)
    }

    @Test("many breakdown rows and many lines: every row checked against its own rate")
    func manyRows() {
        var invoice = RuleFixtures.french()
        invoice.allowances = []
        invoice.charges = []
        let line = invoice.lines[1]
        invoice.lines = (1...2_000).map { index in
            var copy = line
            copy.id = String(index)
            copy.vatRate = RuleFixtures.d(String(index % 400))
            copy.netAmount = RuleFixtures.d("1.00")
            return copy
        }
        // Five lines per rate; the last row's base is wrong.
        invoice.vatBreakdown = (0..<400).map { rate in
            .init(taxableAmount: RuleFixtures.d(rate == 399 ? "4.00" : "5.00"), taxAmount: nil, category: "S", rate: RuleFixtures.d(String(rate)))
        }
        let findings = EN16931Rules.check(invoice).filter { $0.rule == "BR-S-08" }
        #expect(findings.count == 1)
        #expect(findings.first?.message.contains("vaut 5.00") == true)
    }
}
