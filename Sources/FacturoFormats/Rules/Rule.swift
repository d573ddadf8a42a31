import FacturoDomain
import Foundation

/// One checked rule: its official id, severity, the terms it concerns, a
/// one-line statement (French, as docs/formats.md lists it), and the check,
/// which returns where the invoice breaks it and why.
public struct EN16931Rule: Sendable {
    public let id: String
    public let severity: Finding.Severity
    public let terms: [String]
    public let statement: String
    let check: @Sendable (RuleContext) -> [Breach]

    init(_ id: String, _ terms: [String], _ statement: String, severity: Finding.Severity = .fatal, _ check: @escaping @Sendable (RuleContext) -> [Breach]) {
        self.id = id
        self.severity = severity
        self.terms = terms
        self.statement = statement
        self.check = check
    }

    /// A place the rule is broken. Its message is made only for the
    /// findings a check keeps (`limit`): it quotes the values found, and a
    /// rule broken a million times by one file would otherwise format a
    /// million of them before the cap.
    struct Breach {
        var location: Finding.Location
        let message: () -> String
        init(_ location: Finding.Location, _ message: @autoclosure @escaping () -> String) {
            self.location = location
            self.message = message
        }
    }
}

/// How strict the checks are.
public struct RuleOptions: Sendable, Equatable {
    /// Accept the official schematron's tolerance (a difference under 1.00)
    /// on BR-CO-17, BR-S-08 and BR-S-09 (the exchange is exact to the cent by default).
    public var lenientVATRounding: Bool

    public init(lenientVATRounding: Bool = false) {
        self.lenientVATRounding = lenientVATRounding
    }

    public static let strict = RuleOptions()
}

/// The invoice under check, with what several rules read computed once.
struct RuleContext {
    let invoice: StructuredInvoice
    let options: RuleOptions
    let taxableSums: TaxableSums

    init(_ invoice: StructuredInvoice, options: RuleOptions) {
        self.invoice = invoice
        self.options = options
        taxableSums = TaxableSums(invoice)
    }

    var lines: [StructuredInvoice.Line] { invoice.lines }
    var totals: StructuredInvoice.DocumentTotals { invoice.totals }

    /// Absent → no breach of "present" rules through empty text.
    static func blank(_ text: String) -> Bool { text.isXMLBlank }

    func amount(_ value: Decimal) -> String { ExactDecimal.text(value, .amount) }

    /// `value` as written, or "absent".
    static func shown(_ value: XMLDecimal?) -> String { value?.text ?? "absent" }

    /// BT-116 as the lines, charges and allowances of that category (and
    /// rate, when given) make it.
    func expectedTaxable(category: String, rate: Decimal?) -> Decimal {
        taxableSums.taxable(category: category, rate: rate)
    }

    /// Equal, or within 1.00 when lenient rounding applies to the rule.
    func agrees(_ found: Decimal, _ expected: Decimal, lenient: Bool) -> Bool {
        if found == expected { return true }
        // The schematron's bounds are strict: TaxAmount − 1 < x < TaxAmount + 1.
        return lenient && options.lenientVATRounding && (found - expected).magnitude < 1
    }
}

/// Every checked rule, in the order docs/formats.md lists them.
public enum EN16931Rules {
    public static let all: [EN16931Rule] = CoreRules.all + CalculationRules.all + VATCategoryRules.all + DecimalRules.all + FrenchRules.all

    static let byID: [String: EN16931Rule] = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

    /// The most findings a check reports (the server's answers, a refused
    /// deposit's violations): a 10 MiB file of empty lines breaks rules a
    /// million times, which no answer frame nor reader can hold.
    public static let reportedMaximum = 1_000

    /// The findings of `invoice`, fatal ones first, in rule order.
    public static func check(_ invoice: StructuredInvoice, options: RuleOptions = .strict) -> [Finding] {
        check(invoice, options: options, severity: nil, limit: .max).findings
    }

    /// The longest message a finding carries, in characters: a message quotes the values
    /// it found, and one number of a 10 MiB file may be 9 MiB long.
    public static let messageMaximum = 500

    static func bounded(_ message: String) -> String {
        message.count <= messageMaximum ? message : String(message.prefix(messageMaximum)) + "…"
    }

    /// The first `limit` findings of `severity` (every one when nil), fatal
    /// ones first, and how many there are in all; no more than `limit`
    /// messages of each severity are made.
    public static func check(_ invoice: StructuredInvoice, options: RuleOptions, severity: Finding.Severity?, limit: Int) -> (findings: [Finding], total: Int) {
        let context = RuleContext(invoice, options: options)
        var fatal: [Finding] = []
        var warnings: [Finding] = []
        var total = 0
        for rule in all where severity == nil || rule.severity == severity {
            let breaches = rule.check(context)
            total += breaches.count
            let room = limit - (rule.severity == .fatal ? fatal.count : warnings.count)
            for breach in breaches.prefix(max(0, room)) {
                let finding = Finding(rule: rule.id, severity: rule.severity, terms: rule.terms, location: breach.location, message: bounded(breach.message()))
                if rule.severity == .fatal { fatal.append(finding) } else { warnings.append(finding) }
            }
        }
        return (Array((fatal + warnings).prefix(limit)), total)
    }
}
