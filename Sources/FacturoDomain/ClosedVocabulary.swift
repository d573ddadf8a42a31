/// A closed list of codes that users and other systems know by name
/// (applications, access levels, roles, decisions...), read from the wire or
/// a script in one way: the exact code, or INVALID_ARGUMENT naming the
/// unknown word and every accepted one.
public protocol ClosedVocabulary: RawRepresentable, CaseIterable where RawValue == String {
    /// How the refusal starts, e.g. "application inconnue".
    static var unknownWord: String { get }
}

extension ClosedVocabulary {
    public static func named(_ text: String) throws(DomainError) -> Self {
        guard let value = Self(rawValue: text) else {
            throw DomainError(.invalidArgument, "\(unknownWord) : \(text.quotedForMessage) (\(allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return value
    }
}

extension Application: ClosedVocabulary {
    public static let unknownWord = "application inconnue"
}

extension AccessLevel: ClosedVocabulary {
    public static let unknownWord = "niveau inconnu"
}

extension StructureAttachment.Role: ClosedVocabulary {
    public static let unknownWord = "rôle inconnu"
}

extension HabilitationRequest.Decision: ClosedVocabulary {
    public static let unknownWord = "décision inconnue"
}

extension HabilitationRequest.Kind: ClosedVocabulary {
    public static let unknownWord = "type de demande inconnu"
}
