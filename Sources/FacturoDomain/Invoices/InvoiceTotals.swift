import Foundation

/// One row of the VAT breakdown: a rate, its taxable base, its VAT (BG-23).
public struct VATBreakdownRow: Sendable, Equatable {
    public var rate: VATRate
    public var base: Decimal
    public var amount: Decimal

    public init(rate: VATRate, base: Decimal, amount: Decimal) {
        self.rate = rate
        self.base = base
        self.amount = amount
    }
}

/// The invoice's amounts as it states them (BG-22). A typed invoice's are
/// computed from its lines; a deposited one's are declared, and the checks
/// hold both to the same rules.
public struct InvoiceTotals: Sendable, Equatable {
    /// Sum of the lines' nets (BT-106); equal to `totalHT` for a deposit.
    public var lineTotal: Decimal
    /// Total hors taxes (BT-109).
    public var totalHT: Decimal
    /// Total TVA (BT-110).
    public var totalVAT: Decimal
    /// Total TTC before the global discount (BT-112).
    public var totalTTC: Decimal
    /// Remise globale TTC, positive or zero, with its reason.
    public var globalDiscount: Decimal
    public var discountReason: String
    /// Net à payer (BT-115): 0 for an invoice already paid (A2).
    public var amountDue: Decimal

    public init(lineTotal: Decimal, totalHT: Decimal, totalVAT: Decimal, totalTTC: Decimal, globalDiscount: Decimal = 0, discountReason: String = "", amountDue: Decimal) {
        self.lineTotal = lineTotal
        self.totalHT = totalHT
        self.totalVAT = totalVAT
        self.totalTTC = totalTTC
        self.globalDiscount = globalDiscount
        self.discountReason = discountReason
        self.amountDue = amountDue
    }

    /// Total TTC after the global discount.
    public var totalTTCAfterDiscount: Decimal { totalTTC - globalDiscount }
}
