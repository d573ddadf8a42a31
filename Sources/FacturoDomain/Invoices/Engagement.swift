import Foundation

/// An engagement juridique (EJ): a public buyer's commitment to a supplier
/// for up to an amount, during an optional period. Recipients with
/// `controle_engagements` accept only invoices naming one of theirs, held
/// for the invoicing supplier.
public struct Engagement: Sendable, Equatable {
    public static let numberLimit = TextLimit(field: "number", maximum: 50)

    public var recipient: StructureIdentifier
    public var number: String
    public var supplier: StructureIdentifier
    public var amount: Decimal
    public var validFrom: CalendarDate?
    public var validUntil: CalendarDate?

    public init(
        recipient: StructureIdentifier, number: String, supplier: StructureIdentifier, amount: Decimal,
        validFrom: CalendarDate? = nil, validUntil: CalendarDate? = nil
    ) throws(DomainError) {
        let number = number.trimmingSpaces()
        try Self.numberLimit.check(number)
        guard !number.isEmpty, number.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw DomainError(.invalidArgument, "numéro d'engagement invalide : \(number.quotedForMessage) (caractères ASCII visibles)")
        }
        guard amount > 0 else {
            throw DomainError(violations: [.init(.invalidAmount, "amount : le montant d'un engagement est positif", field: "amount")])!
        }
        if let validFrom, let validUntil, validUntil < validFrom {
            throw DomainError(.invalidDate, "engagement \(number) : fin (\(validUntil)) avant le début (\(validFrom))")
        }
        self.recipient = recipient
        self.number = number
        self.supplier = supplier
        self.amount = amount
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    /// Whether `date` falls in the engagement's period.
    public func isValid(on date: CalendarDate) -> Bool {
        (validFrom.map { $0 <= date } ?? true) && (validUntil.map { date <= $0 } ?? true)
    }
}
