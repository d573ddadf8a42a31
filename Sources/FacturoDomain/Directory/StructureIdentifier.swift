/// How a structure is known in the directory: an identifier type and a value.
///
/// SIRET is the default type and the only one with a checksum; the other
/// types (foreign companies, New Caledonia's RIDET, Tahiti, private persons)
/// carry the identifier their own registry gave, checked for shape only.
/// The text form is the bare value for a SIRET and `TYPE:value` otherwise,
/// which is what the console accepts and prints.
public struct StructureIdentifier: Hashable, Sendable, Codable, CustomStringConvertible {
    public let type: StructureIdentifierType
    public let value: String

    public init(type: StructureIdentifierType, value raw: String) throws(DomainError) {
        self.type = type
        switch type {
        case .siret:
            value = try Siret(raw).value
        default:
            let trimmed = raw.trimmingSpaces()
            guard !trimmed.isEmpty, trimmed.count <= 80,
                  trimmed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "/") })
            else {
                throw DomainError(.invalidIdentifier, "identifiant \(type.rawValue) invalide : \(raw.quotedForMessage)")
            }
            value = trimmed.uppercased()
        }
    }

    public static func siret(_ siret: Siret) -> StructureIdentifier {
        StructureIdentifier(uncheckedType: .siret, value: siret.value)
    }

    private init(uncheckedType type: StructureIdentifierType, value: String) {
        self.type = type
        self.value = value
    }

    /// Parses `14 digits` (SIRET) or `TYPE:value`.
    public init(parsing text: String) throws(DomainError) {
        if let colon = text.firstIndex(of: ":") {
            let rawType = String(text[..<colon]).uppercased()
            guard let type = StructureIdentifierType(rawValue: rawType) else {
                throw DomainError(.invalidIdentifier, "type d'identifiant inconnu : \(rawType.quotedForMessage) (\(StructureIdentifierType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            try self.init(type: type, value: String(text[text.index(after: colon)...]))
        } else {
            try self.init(type: .siret, value: text)
        }
    }

    public var description: String { type == .siret ? value : "\(type.rawValue):\(value)" }

    /// The State: one structure shared by every State service.
    public static let etat = StructureIdentifier.siret(.etat)
}
