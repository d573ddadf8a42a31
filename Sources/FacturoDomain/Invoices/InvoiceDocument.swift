import Foundation

/// An invoice as submitted: header, lines (none for a deposited PDF), VAT
/// breakdown and totals. Built by `typed` (amounts computed from the lines)
/// or `deposited` (amounts declared); either way `InvoiceChecks` decides
/// whether it may be accepted.
public struct InvoiceDocument: Sendable, Equatable {
    /// How the invoice reached the exchange.
    public enum Channel: String, Sendable, CaseIterable, Codable, ClosedVocabulary {
        /// Typed in the portal (saisie), from a draft.
        case saisie = "SAISIE"
        /// A file deposited with its header (dépôt).
        case depot = "DEPOT"
        /// One invoice of an EDI flow.
        case flux = "FLUX"
        /// A typed invoice sent in one call by the supplier's system.
        case api = "API"
        public static let unknownWord = "canal inconnu"
    }

    public var channel: Channel
    public var header: InvoiceHeader
    public var lines: [InvoiceLine]
    public var vatBreakdown: [VATBreakdownRow]
    public var totals: InvoiceTotals

    public init(channel: Channel, header: InvoiceHeader, lines: [InvoiceLine], vatBreakdown: [VATBreakdownRow], totals: InvoiceTotals) {
        self.channel = channel
        self.header = header
        self.lines = lines
        self.vatBreakdown = vatBreakdown
        self.totals = totals
    }

    /// A typed invoice: breakdown and totals computed from the lines.
    public static func typed(
        _ header: InvoiceHeader, lines: [InvoiceLine], globalDiscount: Decimal = 0, discountReason: String = "", channel: Channel = .saisie
    ) -> InvoiceDocument {
        let breakdown = InvoiceArithmetic.breakdown(of: lines)
        let totals = InvoiceArithmetic.totals(breakdown: breakdown, lines: lines, globalDiscount: globalDiscount, discountReason: discountReason, frame: header.frame)
        return InvoiceDocument(channel: channel, header: header, lines: lines, vatBreakdown: breakdown, totals: totals)
    }

    /// A deposited file's declared amounts; TTC defaults to HT + VAT and the
    /// amount due to what the frame implies (TTC, or 0 for A2).
    public static func deposited(
        _ header: InvoiceHeader, totalHT: Decimal, totalVAT: Decimal, totalTTC: Decimal? = nil, amountDue: Decimal? = nil, channel: Channel = .depot
    ) -> InvoiceDocument {
        let ttc = totalTTC ?? totalHT + totalVAT
        let totals = InvoiceTotals(
            lineTotal: totalHT, totalHT: totalHT, totalVAT: totalVAT, totalTTC: ttc,
            amountDue: amountDue ?? InvoiceArithmetic.expectedAmountDue(totalTTC: ttc, globalDiscount: 0, frame: header.frame)
        )
        return InvoiceDocument(channel: channel, header: header, lines: [], vatBreakdown: [], totals: totals)
    }
}

/// The invoice arithmetic, in one place: line nets (`InvoiceLine.net`),
/// VAT per rate rounded once per rate (not per line), the amount due.
/// Every rounding is `ExactDecimal.rounded`: half away from zero, to the cent.
public enum InvoiceArithmetic {
    /// One row per rate, highest rate first: base = sum of the nets at that
    /// rate, VAT = base × rate rounded to the cent.
    public static func breakdown(of lines: [InvoiceLine]) -> [VATBreakdownRow] {
        var bases: [VATRate: Decimal] = [:]
        for line in lines { bases[line.vatRate, default: 0] += line.net }
        return bases.keys.sorted(by: >).map { rate in
            VATBreakdownRow(rate: rate, base: bases[rate]!, amount: rate.tax(on: bases[rate]!))
        }
    }

    /// The totals of typed lines with their breakdown.
    public static func totals(breakdown: [VATBreakdownRow], lines: [InvoiceLine], globalDiscount: Decimal, discountReason: String, frame: BillingFrame) -> InvoiceTotals {
        let lineTotal = lines.reduce(Decimal(0)) { $0 + $1.net }
        let totalVAT = breakdown.reduce(Decimal(0)) { $0 + $1.amount }
        let totalTTC = lineTotal + totalVAT
        return InvoiceTotals(
            lineTotal: lineTotal, totalHT: lineTotal, totalVAT: totalVAT, totalTTC: totalTTC, globalDiscount: globalDiscount,
            discountReason: discountReason, amountDue: expectedAmountDue(totalTTC: totalTTC, globalDiscount: globalDiscount, frame: frame)
        )
    }

    /// TTC less the global discount, or 0 for an invoice already paid (A2).
    public static func expectedAmountDue(totalTTC: Decimal, globalDiscount: Decimal, frame: BillingFrame) -> Decimal {
        frame == .alreadyPaid ? 0 : totalTTC - globalDiscount
    }
}
