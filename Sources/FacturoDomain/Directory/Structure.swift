/// A legal entity on the exchange: a supplier, a public recipient, or both.
/// This first cut carries what the demo directory needs; the directory
/// feature extends it with addresses and recipient parameters.
public struct Structure: Sendable, Equatable {
    public var siret: Siret
    /// Raison sociale.
    public var name: String
    public var isPublic: Bool
    public var isActive: Bool
    public var services: [Service]

    public init(siret: Siret, name: String, isPublic: Bool, isActive: Bool = true, services: [Service] = []) {
        self.siret = siret
        self.name = name
        self.isPublic = isPublic
        self.isActive = isActive
        self.services = services
    }
}

/// A department of a public structure, addressed by its code.
public struct Service: Sendable, Equatable {
    /// Reserved for invoices between public entities.
    public static let facturesPubliques = "FACTURES_PUBLIQUES"

    public var code: String
    public var label: String
    public var isActive: Bool

    public init(code: String, label: String, isActive: Bool = true) throws(DomainError) {
        guard !code.isEmpty, code.count <= 100,
              code.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_" || $0 == "-") })
        else {
            throw DomainError(.invalidServiceCode, "code service invalide : « \(code) »")
        }
        self.code = code
        self.label = label
        self.isActive = isActive
    }
}
