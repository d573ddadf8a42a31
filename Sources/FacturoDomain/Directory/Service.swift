/// A department of a public structure, addressed by its code on invoices.
public struct Service: Sendable, Equatable {
    /// Reserved for invoices between public entities: only public suppliers
    /// may address it (checked when invoices arrive).
    public static let facturesPubliques = "FACTURES_PUBLIQUES"

    public var code: String
    public var label: String
    public var isActive: Bool
    /// Invoices to this service must carry an engagement number.
    public var engagementRequired: Bool
    public var validFrom: CalendarDate?
    public var validUntil: CalendarDate?

    public init(
        code: String, label: String, isActive: Bool = true, engagementRequired: Bool = false,
        validFrom: CalendarDate? = nil, validUntil: CalendarDate? = nil
    ) throws(DomainError) {
        try Self.validate(code: code)
        let trimmedLabel = label.trimmingCharacters(in: .whitespaces)
        guard !trimmedLabel.isEmpty, trimmedLabel.count <= 200 else {
            throw DomainError(.invalidName, "libellé du service \(code) : entre 1 et 200 caractères")
        }
        if let validFrom, let validUntil, validUntil < validFrom {
            throw DomainError(.invalidDate, "service \(code) : fin de validité (\(validUntil)) avant le début (\(validFrom))")
        }
        self.code = code
        self.label = trimmedLabel
        self.isActive = isActive
        self.engagementRequired = engagementRequired
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    /// Upper-case letters, digits, `_` and `-`, at most 100 characters.
    public static func validate(code: String) throws(DomainError) {
        guard !code.isEmpty, code.count <= 100,
              code.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_" || $0 == "-") })
        else {
            throw DomainError(.invalidServiceCode, "code service invalide : « \(code) »")
        }
    }
}
