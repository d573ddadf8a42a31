import Foundation

/// A deposited invoice as given — header fields and declared amounts still
/// text — as `InvoiceDeposit` and each row of a flow carry it. `document`
/// reports every wrong value at once, header first.
public struct DepositedInvoiceFields: Sendable, Equatable {
    /// How the amounts are named in violations: the wire's fields, or a
    /// flow's `factures.csv` columns.
    public struct AmountNames: Sendable, Equatable {
        public var totalHT, totalVAT, totalTTC, amountDue: String
        public static let wire = AmountNames(totalHT: "total_ht", totalVAT: "total_vat", totalTTC: "total_ttc", amountDue: "amount_due")
        public static let flow = AmountNames(totalHT: "total_ht", totalVAT: "total_tva", totalTTC: "total_ttc", amountDue: "net_a_payer")
    }

    public var header: InvoiceHeaderFields
    public var totalHT: String
    public var totalVAT: String
    /// Empty: HT + VAT.
    public var totalTTC: String
    /// Empty: TTC (0 for frame A2).
    public var amountDue: String

    public init(header: InvoiceHeaderFields, totalHT: String, totalVAT: String, totalTTC: String = "", amountDue: String = "") {
        self.header = header
        self.totalHT = totalHT
        self.totalVAT = totalVAT
        self.totalTTC = totalTTC
        self.amountDue = amountDue
    }

    /// The deposited document, header defaults applied; HT and VAT are
    /// required. The invoice checks (totals agreeing, routing…) come after.
    public func document(
        supplier: StructureIdentifier, depositDay: CalendarDate, channel: InvoiceDocument.Channel, names: AmountNames = .wire
    ) throws(DomainError) -> InvoiceDocument {
        var violations: [DomainError.Violation] = []
        func amount(_ text: String, _ field: String, required: Bool) -> Decimal? {
            if text.isEmpty {
                if required { violations.append(.init(.invalidAmount, "\(field) : montant obligatoire", field: field)) }
                return nil
            }
            do { return try ExactDecimal.parse(text, scale: .amount, field: field) } catch {
                violations += error.violations
                return nil
            }
        }
        let totalHT = amount(totalHT, names.totalHT, required: true)
        let totalVAT = amount(totalVAT, names.totalVAT, required: true)
        let totalTTC = amount(totalTTC, names.totalTTC, required: false)
        let amountDue = amount(amountDue, names.amountDue, required: false)
        var resolved: InvoiceHeader?
        do { resolved = try header.resolve(supplier: supplier, depositDay: depositDay) } catch { violations = error.violations + violations }
        if let error = DomainError(violations: violations) { throw error }
        return .deposited(resolved!, totalHT: totalHT!, totalVAT: totalVAT!, totalTTC: totalTTC, amountDue: amountDue, channel: channel)
    }
}
