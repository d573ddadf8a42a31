@testable import FacturoFormats

/// One case per checked rule: a valid invoice, and the change that breaks
/// the rule. `RuleTests` checks that the first passes the rule and the
/// second does not, and that every rule of `EN16931Rules.all` has its case.
struct RuleCase: Sendable, CustomStringConvertible {
    let rule: String
    let base: @Sendable () -> StructuredInvoice
    let breakIt: @Sendable (inout StructuredInvoice) -> Void
    var description: String { rule }

    init(_ rule: String, base: @escaping @Sendable () -> StructuredInvoice = RuleFixtures.french, _ breakIt: @escaping @Sendable (inout StructuredInvoice) -> Void) {
        self.rule = rule
        self.base = base
        self.breakIt = breakIt
    }
}

enum RuleCases {
    typealias Invoice = StructuredInvoice
    static let d = RuleFixtures.d

    static let core: [RuleCase] = [
        RuleCase("BR-01") { $0.specification = "" },
        RuleCase("BR-02") { $0.number = "" },
        RuleCase("BR-03") { $0.issueDate = "" },
        RuleCase("BR-04") { $0.typeCode = "" },
        RuleCase("BR-05") { $0.currency = "" },
        RuleCase("BR-06") { $0.seller.name = " " },
        RuleCase("BR-07") { $0.buyer.name = "" },
        RuleCase("BR-08") { $0.seller.address = nil },
        RuleCase("BR-09") { $0.seller.address?.country = "" },
        RuleCase("BR-10") { $0.buyer.address = nil },
        RuleCase("BR-11") { $0.buyer.address?.country = "" },
        RuleCase("BR-12") { $0.totals.lineTotal = nil },
        RuleCase("BR-13") { $0.totals.taxExclusive = nil },
        RuleCase("BR-14") { $0.totals.taxInclusive = nil },
        RuleCase("BR-15") { $0.totals.payable = nil },
        RuleCase("BR-16") { $0.lines = [] },
        RuleCase("BR-17") { $0.payee = Invoice.Payee() },
        RuleCase("BR-18") { $0.taxRepresentative = with(Invoice.TaxRepresentative()) { $0.vatIdentifier = "FR99999999999"; $0.address = RuleFixtures.address("Lyon") } },
        RuleCase("BR-19") { $0.taxRepresentative = with(Invoice.TaxRepresentative()) { $0.name = "REP"; $0.vatIdentifier = "FR99999999999" } },
        RuleCase("BR-20") { $0.taxRepresentative = with(Invoice.TaxRepresentative()) { $0.name = "REP"; $0.vatIdentifier = "FR99999999999"; $0.address = .init() } },
        RuleCase("BR-21") { $0.lines[1].id = "" },
        RuleCase("BR-22") { $0.lines[1].quantity = nil },
        RuleCase("BR-23") { $0.lines[0].unitCode = "" },
        RuleCase("BR-24") { $0.lines[0].netAmount = nil },
        RuleCase("BR-25") { $0.lines[0].itemName = "" },
        RuleCase("BR-26") { $0.lines[0].netPrice = nil },
        RuleCase("BR-27") { $0.lines[0].netPrice = d("-100.00") },
        RuleCase("BR-28") { $0.lines[0].grossPrice = d("-100.00") },
        RuleCase("BR-29") { $0.invoicingPeriod = .init(start: "2026-11-30", end: "2026-11-01") },
        RuleCase("BR-30") { $0.lines[0].period = .init(start: "2026-11-15", end: "2026-11-14") },
        RuleCase("BR-31") { $0.allowances[0].amount = nil },
        RuleCase("BR-32") { $0.allowances[0].vatCategory = "" },
        RuleCase("BR-33") { $0.allowances[0].reason = "" },
        RuleCase("BR-36") { $0.charges[0].amount = nil },
        RuleCase("BR-37") { $0.charges[0].vatCategory = "" },
        RuleCase("BR-38") { $0.charges[0].reason = ""; $0.charges[0].reasonCode = "" },
        RuleCase("BR-41") { $0.lines[0].allowances[0].amount = nil },
        RuleCase("BR-42") { $0.lines[0].allowances[0].reason = "" },
        RuleCase("BR-43") { $0.lines[0].charges[0].amount = nil },
        RuleCase("BR-44") { $0.lines[0].charges[0].reasonCode = "" },
        RuleCase("BR-45") { $0.vatBreakdown[1].taxableAmount = nil },
        RuleCase("BR-46") { $0.vatBreakdown[1].taxAmount = nil },
        RuleCase("BR-47") { $0.vatBreakdown[1].category = "" },
        RuleCase("BR-48") { $0.vatBreakdown[1].rate = nil },
        RuleCase("BR-49") { $0.payment?.meansCode = "" },
        RuleCase("BR-50") { $0.payment?.transfers[0].account = "" },
        RuleCase("BR-51") { $0.payment?.cardNumber = "4970100000000000" },
        RuleCase("BR-52") { $0.documents = [.init(reference: "")] },
        RuleCase("BR-53") { $0.vatAccountingCurrency = "USD" },
        RuleCase("BR-54") { $0.lines[0].attributes = [.init(name: "Couleur", value: "")] },
        RuleCase("BR-55") { $0.precedingInvoices = [.init(number: "")] },
        RuleCase("BR-56") { $0.taxRepresentative = with(Invoice.TaxRepresentative()) { $0.name = "REP"; $0.address = RuleFixtures.address("Lyon") } },
        RuleCase("BR-57") { $0.delivery = with(Invoice.Delivery()) { $0.address = .init() } },
        RuleCase("BR-61") { $0.payment?.transfers = [] },
        RuleCase("BR-62") { $0.seller.electronicAddress?.scheme = "" },
        RuleCase("BR-63") { $0.buyer.electronicAddress = .init("contact@bougival.fr") },
        RuleCase("BR-64") { $0.lines[0].standardItemId = .init("3037920112008") },
        RuleCase("BR-65") { $0.lines[0].classifications = [.init(code: "18830000")] },
    ]

    static let calculation: [RuleCase] = [
        RuleCase("BR-CO-03") { $0.taxPointDate = "2026-11-30"; $0.vatPointDateCode = "35" },
        RuleCase("BR-CO-04") { $0.lines[1].vatCategory = "" },
        RuleCase("BR-CO-09") { $0.seller.vatIdentifier = "12483021901" },
        RuleCase("BR-CO-10") { $0.totals.lineTotal = d("1060.01") },
        RuleCase("BR-CO-11") { $0.totals.allowanceTotal = d("50.00") },
        RuleCase("BR-CO-12") { $0.totals.chargeTotal = d("21.00") },
        RuleCase("BR-CO-13") { $0.totals.taxExclusive = d("1000.00") },
        RuleCase("BR-CO-14") { $0.totals.vatTotal = d("195.00") },
        RuleCase("BR-CO-15") { $0.totals.taxInclusive = d("1215.00") },
        RuleCase("BR-CO-16") { $0.totals.payable = d("1200.00") },
        RuleCase("BR-CO-17") { $0.vatBreakdown[0].taxAmount = d("184.01") },
        RuleCase("BR-CO-18") { $0.vatBreakdown = [] },
        RuleCase("BR-CO-19") { $0.invoicingPeriod = .init() },
        RuleCase("BR-CO-20") { $0.lines[0].period = .init() },
        RuleCase("BR-CO-21") { $0.allowances[0].reason = "" },
        RuleCase("BR-CO-22") { $0.charges[0].reason = ""; $0.charges[0].reasonCode = "" },
        RuleCase("BR-CO-23") { $0.lines[0].allowances[0].reason = "" },
        RuleCase("BR-CO-24") { $0.lines[0].charges[0].reasonCode = "" },
        RuleCase("BR-CO-25") { $0.dueDate = ""; $0.paymentTerms = "" },
        RuleCase("BR-CO-26") { $0.seller.identifiers = []; $0.seller.vatIdentifier = "" },
    ]

    static let decimals: [RuleCase] = [
        RuleCase("BR-DEC-01") { $0.allowances[0].amount = d("60.000") },
        RuleCase("BR-DEC-02") { $0.allowances[0].baseAmount = d("600.001") },
        RuleCase("BR-DEC-05") { $0.charges[0].amount = d("20.000") },
        RuleCase("BR-DEC-06") { $0.charges[0].baseAmount = d("1.125") },
        RuleCase("BR-DEC-09") { $0.totals.lineTotal = d("1060.000") },
        RuleCase("BR-DEC-10") { $0.totals.allowanceTotal = d("60.000") },
        RuleCase("BR-DEC-11") { $0.totals.chargeTotal = d("20.000") },
        RuleCase("BR-DEC-12") { $0.totals.taxExclusive = d("1020.000") },
        RuleCase("BR-DEC-13") { $0.totals.vatTotal = d("194.000") },
        RuleCase("BR-DEC-14") { $0.totals.taxInclusive = d("1214.000") },
        RuleCase("BR-DEC-15") { $0.vatAccountingCurrency = "USD"; $0.totals.vatTotalInAccountingCurrency = d("201.123") },
        RuleCase("BR-DEC-16") { $0.totals.prepaid = d("0.001") },
        RuleCase("BR-DEC-17") { $0.totals.rounding = d("0.001") },
        RuleCase("BR-DEC-18") { $0.totals.payable = d("1214.000") },
        RuleCase("BR-DEC-19") { $0.vatBreakdown[1].taxableAmount = d("100.000") },
        RuleCase("BR-DEC-20") { $0.vatBreakdown[1].taxAmount = d("10.000") },
        RuleCase("BR-DEC-23") { $0.lines[1].netAmount = d("100.000") },
        RuleCase("BR-DEC-24") { $0.lines[0].allowances[0].amount = d("50.000") },
        RuleCase("BR-DEC-25") { $0.lines[0].allowances[0].baseAmount = d("1000.001") },
        RuleCase("BR-DEC-27") { $0.lines[0].charges[0].amount = d("10.000") },
        RuleCase("BR-DEC-28") { $0.lines[0].charges[0].baseAmount = d("1000.001") },
    ]

    static let french: [RuleCase] = [
        RuleCase("BR-FR-DEC-01") { $0.totals.payable = d("12345678901234567890.00") },
        RuleCase("BR-FR-DEC-02") { $0.lines[0].quantity = d("10.00001") },
        RuleCase("BR-FR-DEC-03") { $0.lines[0].grossPrice = d("100.0000001") },
        RuleCase("BR-FR-DEC-04") { $0.lines[1].vatRate = d("10.000") },
        RuleCase("FR-TVA-01") { $0.lines[1].vatCategory = "L" },
        RuleCase("FR-TVA-02") { $0.vatBreakdown[1].rate = d("7") },
    ]

    /// The ten questions of each category, asked by breaking its own invoice.
    static func category(_ code: String) -> [RuleCase] {
        let base: @Sendable () -> Invoice = { code == "S" ? RuleFixtures.french() : RuleFixtures.category(code) }
        let prefix = code == "K" ? "IC" : code
        let id = { (number: Int) in "BR-\(prefix)-\(number < 10 ? "0" : "")\(number)" }
        let wrongRate = code == "S" ? d("0") : d("5")
        let rightRate: XMLDecimal? = code == "S" ? d("20") : code == "O" ? nil : d("0")
        let identifiers: @Sendable (inout Invoice) -> Void = { invoice in
            if code == "O" {
                invoice.seller.vatIdentifier = "FR12483021901"
            } else {
                invoice.seller.vatIdentifier = ""
                invoice.seller.taxRegistration = ""
                invoice.buyer.vatIdentifier = ""
            }
        }
        let item = Invoice.AllowanceCharge(amount: d("10.00"), vatCategory: code, vatRate: rightRate, reason: "Remise")
        return [
            RuleCase(id(1), base: base) { invoice in invoice.vatBreakdown.removeAll { $0.category == code } },
            RuleCase(id(2), base: base) { identifiers(&$0) },
            RuleCase(id(3), base: base) { invoice in
                invoice.lines.removeAll { $0.vatCategory == code }
                invoice.allowances = [item]
                identifiers(&invoice)
            },
            RuleCase(id(4), base: base) { invoice in
                invoice.lines.removeAll { $0.vatCategory == code }
                invoice.charges = [item]
                identifiers(&invoice)
            },
            RuleCase(id(5), base: base) { $0.lines[0].vatRate = wrongRate },
            RuleCase(id(6), base: base) { $0.allowances = [with(item) { $0.vatRate = wrongRate }] },
            RuleCase(id(7), base: base) { $0.charges = [with(item) { $0.vatRate = wrongRate }] },
            RuleCase(id(8), base: base) { $0.vatBreakdown[0].taxableAmount = d(code == "S" ? "925.00" : "505.00") },
            RuleCase(id(9), base: base) { $0.vatBreakdown[0].taxAmount = d(code == "S" ? "189.00" : "1.00") },
            RuleCase(id(10), base: base) { invoice in
                if ["S", "Z"].contains(code) { invoice.vatBreakdown[0].exemptionReasonCode = "VATEX-EU-79-C" } else { invoice.vatBreakdown[0].exemptionReason = "" }
            },
        ]
    }

    static let categorySpecific: [RuleCase] = [
        RuleCase("BR-IC-11", base: { RuleFixtures.category("K") }) { $0.delivery?.date = ""; $0.invoicingPeriod = nil },
        RuleCase("BR-IC-12", base: { RuleFixtures.category("K") }) { $0.delivery?.address = nil },
        RuleCase("BR-O-11", base: { RuleFixtures.category("O") }) { $0.vatBreakdown.append(.init(taxableAmount: d("0.00"), taxAmount: d("0.00"), category: "S", rate: d("20"))) },
        RuleCase("BR-O-12", base: { RuleFixtures.category("O") }) { $0.lines.append(with($0.lines[0]) { $0.vatCategory = "S"; $0.vatRate = d("20") }) },
        RuleCase("BR-O-13", base: { RuleFixtures.category("O") }) { $0.allowances = [.init(amount: d("1.00"), vatCategory: "S", vatRate: d("20"), reason: "Remise")] },
        RuleCase("BR-O-14", base: { RuleFixtures.category("O") }) { $0.charges = [.init(amount: d("1.00"), vatCategory: "S", vatRate: d("20"), reason: "Port")] },
    ]

    static let all: [RuleCase] = core + calculation + ["S", "Z", "E", "AE", "K", "G", "O"].flatMap(category) + categorySpecific + decimals + french
}
