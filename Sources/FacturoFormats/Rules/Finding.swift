import FacturoDomain
import Foundation

/// One rule an invoice breaks: the rule's official id, how grave, the
/// business terms concerned, where in the file (an XML path in the file's
/// syntax), and a message with the expected and found values.
public struct Finding: Sendable, Equatable {
    public enum Severity: String, Sendable, CaseIterable, Comparable {
        case fatal
        case warning

        public static func < (a: Severity, b: Severity) -> Bool { a == .fatal && b == .warning }
    }

    public var rule: String
    public var severity: Severity
    public var terms: [String]
    public var location: Location
    public var message: String

    /// Where a finding points: a business term, in its group's nth
    /// element (1-based, as XPath counts) when the term is grouped.
    public struct Location: Sendable, Equatable {
        public var term: String
        public var index: Int?
        /// A line's own allowance or charge.
        public var subindex: Int?

        public init(_ term: String, index: Int? = nil, subindex: Int? = nil) {
            self.term = term
            self.index = index
            self.subindex = subindex
        }

        public static func line(_ term: String, _ index: Int) -> Location { .init(term, index: index + 1) }
        public static func row(_ term: String, _ index: Int) -> Location { .init(term, index: index + 1) }
    }

    /// The XPath of the location in `syntax` (`/Invoice/cac:InvoiceLine[2]/cbc:LineExtensionAmount`).
    public func path(in syntax: StructuredSyntax, creditNote: Bool = false) -> String {
        let root = switch syntax {
        case .ubl: creditNote ? "/CreditNote" : "/Invoice"
        case .cii: "/rsm:CrossIndustryInvoice"
        }
        guard let term = BusinessTerms.byID[location.term] else { return root }
        var element = syntax == .ubl ? term.ubl : term.cii
        var group = BusinessTerm.groupPath(term.scope, syntax: syntax)
        if syntax == .ubl, creditNote {
            group = group.replacingOccurrences(of: "cac:InvoiceLine", with: "cac:CreditNoteLine")
            element = element.replacingOccurrences(of: "cbc:InvoicedQuantity", with: "cbc:CreditedQuantity")
                .replacingOccurrences(of: "cbc:InvoiceTypeCode", with: "cbc:CreditNoteTypeCode")
        }
        if group.isEmpty { return root + "/" + element }
        switch term.scope {
        case .lineAllowance, .lineCharge:
            // The line is `index`, its allowance or charge `subindex`.
            let parts = group.components(separatedBy: "/")
            let lineElement = parts.dropLast().joined(separator: "/")
            let own = parts.last ?? ""
            return root + "/" + lineElement + "[\(location.index ?? 1)]/" + own + "[\(location.subindex ?? 1)]/" + element
        default:
            return root + "/" + group + "[\(location.index ?? 1)]/" + element
        }
    }

    /// The message with each term named by its element in `syntax`
    /// (`LineExtensionAmount (BT-106)` in UBL, `LineTotalAmount (BT-106)` in CII).
    public func message(in syntax: StructuredSyntax) -> String {
        guard message.contains("⟨") else { return message }
        var text = message
        for term in BusinessTerms.all where text.contains("⟨\(term.id)⟩") {
            let path = syntax == .ubl ? term.ubl : term.cii
            let last = path.components(separatedBy: "/").last ?? path
            let local = (last.components(separatedBy: "[").first ?? last).components(separatedBy: ":").last ?? last
            text = text.replacingOccurrences(of: "⟨\(term.id)⟩", with: "\(local) (\(term.id))")
        }
        return text
    }

    /// As a violation of the error a refused deposit carries: the
    /// arithmetic keeps the sending issue's codes.
    public func violation(syntax: StructuredSyntax, creditNote: Bool = false) -> DomainError.Violation {
        .init(Self.code(forRule: rule), "\(rule) : \(message(in: syntax))", rule: rule, field: path(in: syntax, creditNote: creditNote))
    }

    /// The refusal of a file with these fatal findings (the first of
    /// `total`): every one a violation, the code the first one's, the
    /// message saying how many there are in all. Nil when there is none.
    public static func refusal(_ findings: [Finding], total: Int, syntax: StructuredSyntax, creditNote: Bool) -> DomainError? {
        guard var error = DomainError(violations: findings.map { $0.violation(syntax: syntax, creditNote: creditNote) }) else { return nil }
        if total > findings.count {
            error.message = "\(error.violations[0].message) (et \(total - 1) autre(s) anomalie(s), dont les \(findings.count - 1) premières listées)"
        }
        return error
    }

    /// BR-CO-10…16 are the totals; BR-CO-14, BR-CO-17 and the category
    /// sums (BR-x-08, BR-x-09) the VAT breakdown; every other rule EN16931_RULE.
    public static func code(forRule rule: String) -> DomainError.Code {
        if ["BR-CO-10", "BR-CO-11", "BR-CO-12", "BR-CO-13", "BR-CO-15", "BR-CO-16"].contains(rule) { return .invalidTotals }
        if rule == "BR-CO-14" || rule == "BR-CO-17" { return .invalidVATBreakdown }
        let category = ["BR-S-", "BR-Z-", "BR-E-", "BR-AE-", "BR-IC-", "BR-G-", "BR-O-"].contains { rule.hasPrefix($0) }
        if category, rule.hasSuffix("-08") || rule.hasSuffix("-09") { return .invalidVATBreakdown }
        return .en16931Rule
    }
}
