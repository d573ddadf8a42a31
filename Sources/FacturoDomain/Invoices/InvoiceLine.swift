import Foundation

/// One line of a typed invoice: what, how many, at what price, less a
/// discount, at which VAT rate. Its net is computed, never given.
public struct InvoiceLine: Sendable, Equatable {
    public static let designationLimit = TextLimit(field: "designation", maximum: 255)
    public static let referenceLimit = TextLimit(field: "reference", maximum: 50)
    public static let unitLimit = TextLimit(field: "unit", maximum: 30)

    public var reference: String
    public var designation: String
    /// Up to 4 places.
    public var quantity: Decimal
    public var unit: String
    /// Excluding VAT, up to 6 places.
    public var unitPrice: Decimal
    /// Amount off this line, excluding VAT, 2 places.
    public var discount: Decimal
    public var vatRate: VATRate

    /// Values as typed (decimals as text): every wrong one is reported, not
    /// only the first, each naming its field under `field` (`lines[2]`).
    public init(
        reference: String = "", designation: String, quantity: String, unit: String, unitPrice: String, discount: String = "",
        vatRate: String, field: String
    ) throws(DomainError) {
        var violations: [DomainError.Violation] = []
        func collect<T>(_ make: () throws(DomainError) -> T) -> T? {
            do { return try make() } catch { violations += error.violations.isEmpty ? [.init(error.code, error.message)] : error.violations; return nil }
        }
        let designation = designation.trimmingSpaces()
        if designation.isEmpty {
            violations.append(.init(.invalidInvoiceLine, "\(field).designation : désignation obligatoire", field: "\(field).designation"))
        }
        let unit = unit.trimmingSpaces()
        if unit.isEmpty {
            violations.append(.init(.invalidInvoiceLine, "\(field).unit : unité obligatoire (Pièce, Heure, Jour...)", field: "\(field).unit"))
        }
        for (text, limit) in [(designation, Self.designationLimit), (reference, Self.referenceLimit), (unit, Self.unitLimit)] {
            _ = collect { () throws(DomainError) in try TextLimit(field: "\(field).\(limit.field)", maximum: limit.maximum).check(text) }
            if let violation = InvoiceHeader.controlViolation(text, field: "\(field).\(limit.field)") { violations.append(violation) }
        }
        let quantity = collect { () throws(DomainError) in try ExactDecimal.parse(quantity, scale: .quantity, field: "\(field).quantity") }
        let unitPrice = collect { () throws(DomainError) in try ExactDecimal.parse(unitPrice, scale: .unitPrice, field: "\(field).unit_price") }
        let discountValue = discount.isEmpty ? Decimal(0) : collect { () throws(DomainError) in try ExactDecimal.parse(discount, scale: .amount, field: "\(field).discount") }
        if let discountValue, discountValue < 0 {
            violations.append(.init(.invalidAmount, "\(field).discount : une remise est positive ou nulle", field: "\(field).discount"))
        }
        let rate = collect { () throws(DomainError) in try VATRate(parsing: vatRate, field: "\(field).vat_rate") }
        // Quantity and price may each have 15 integer digits; their product
        // could not be written as an amount (15 integer digits) and would
        // outgrow Decimal's 38 significant digits.
        if let quantity, let unitPrice, (quantity * unitPrice).magnitude >= Self.netLimit {
            violations.append(.init(.invalidInvoiceLine, "\(field) : quantité × prix unitaire hors limite (moins de 10^13 par ligne)", field: "\(field).quantity"))
        }
        if let error = DomainError(violations: violations) { throw error }
        self.init(reference: reference.trimmingSpaces(), designation: designation, quantity: quantity!, unit: unit, unitPrice: unitPrice!, discount: discountValue!, vatRate: rate!)
    }

    /// A line's quantity × unit price stays below this: 10 000 lines of
    /// it still total under 10^17, and every amount stays exact.
    public static let netLimit = Decimal(sign: .plus, exponent: 13, significand: 1)

    /// Values already checked (read back from the store).
    public init(reference: String, designation: String, quantity: Decimal, unit: String, unitPrice: Decimal, discount: Decimal, vatRate: VATRate) {
        self.reference = reference
        self.designation = designation
        self.quantity = quantity
        self.unit = unit
        self.unitPrice = unitPrice
        self.discount = discount
        self.vatRate = vatRate
    }

    /// Quantity × unit price, rounded to the cent, less the discount (BT-131).
    public var net: Decimal {
        ExactDecimal.rounded(quantity * unitPrice, .amount) - discount
    }
}
