import Foundation

/// A legal entity on the exchange: a supplier, a public recipient, or both,
/// as the directory (annuaire) describes it.
public struct Structure: Sendable, Equatable {
    public var identifier: StructureIdentifier
    /// Raison sociale.
    public var name: String
    public var address: PostalAddress
    public var isPublic: Bool
    public var isActive: Bool
    /// What the structure requires on the invoices it receives.
    public var parameters: RecipientParameters
    public var services: [Service]

    public init(
        identifier: StructureIdentifier, name: String, address: PostalAddress = .empty, isPublic: Bool, isActive: Bool = true,
        parameters: RecipientParameters = RecipientParameters(), services: [Service] = []
    ) throws(DomainError) {
        let trimmed = name.trimmingSpaces()
        guard !trimmed.isEmpty, trimmed.count <= 200 else {
            throw DomainError(.invalidName, "raison sociale : entre 1 et 200 caractères")
        }
        self.identifier = identifier
        self.name = trimmed
        self.address = address
        self.isPublic = isPublic
        self.isActive = isActive
        // The State's services are told apart only by their code.
        self.parameters = identifier == .etat ? parameters.requiringServiceCode() : parameters
        self.services = services
    }

    public func service(_ code: String) -> Service? {
        services.first { $0.code == code }
    }
}

extension RecipientParameters {
    func requiringServiceCode() -> RecipientParameters {
        var copy = self
        copy.serviceCodeRequired = true
        copy.engagementOrServiceCode = false
        return copy
    }
}

/// Text search folds accents and case ("Écoles" finds "ECOLES"): the same
/// folding is stored beside each name so that the index can serve it.
public enum SearchFolding {
    public static func fold(_ text: String) -> String {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            .lowercased()
            .replacingOccurrences(of: "’", with: "'")
    }
}
