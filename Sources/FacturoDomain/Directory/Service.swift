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
        let trimmedLabel = label.trimmingSpaces()
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
        // On the UTF-8 bytes: every allowed character is one ASCII byte, and
        // this runs for each service of every structure read.
        let bytes = code.utf8
        guard !bytes.isEmpty, bytes.count <= 100,
              bytes.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                  || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") })
        else {
            throw DomainError(.invalidServiceCode, "code service invalide : \(code.quotedForMessage)")
        }
    }
}
