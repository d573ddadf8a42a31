import Foundation

/// A VAT rate in percent, one of France's: 20, 10, 5.5, 2.1, or 0 (which
/// needs an exemption reason on the invoice).
public struct VATRate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let percent: Decimal

    public static let allowed: [Decimal] = [20, 10, Decimal(string: "5.5")!, Decimal(string: "2.1")!, 0]

    /// `text` as a rate (`20`, `5.5`, `20.00`); `field` names it in the refusal.
    public init(parsing text: String, field: String = "vat_rate") throws(DomainError) {
        let value = try ExactDecimal.parse(text, scale: .amount, field: field)
        guard Self.allowed.contains(value) else {
            throw DomainError(violations: [DomainError.Violation(
                .invalidVATRate, "\(field) : taux de TVA \(text.quotedForMessage) inconnu (20, 10, 5.5, 2.1 ou 0)", field: field
            )])!
        }
        percent = value
    }

    public init?(_ percent: Decimal) {
        guard Self.allowed.contains(percent) else { return nil }
        self.percent = percent
    }

    public var isZero: Bool { percent == 0 }

    /// `20`, `5.5`: as people write rates, and as breakdown fields are keyed (`tva_5.5`).
    public var description: String { NSDecimalNumber(decimal: percent).stringValue }

    /// The VAT on `base`, rounded to the cent half away from zero.
    public func tax(on base: Decimal) -> Decimal {
        ExactDecimal.rounded(base * percent / 100, .amount)
    }

    public static func < (a: VATRate, b: VATRate) -> Bool { a.percent < b.percent }
}
