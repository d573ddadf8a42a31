import Foundation

/// A user's login: an e-mail address, compared case-insensitively.
///
/// Normalising once here (trimmed, lower-cased) means the store's unique
/// index and every lookup agree on what "the same user" is.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible, Codable {
    public let value: String

    public init(_ raw: String) throws(DomainError) {
        let trimmed = raw.trimmingSpaces().lowercased()
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard trimmed.count <= 254,
              parts.count == 2,
              !parts[0].isEmpty,
              parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !trimmed.contains(where: { $0.isWhitespace || $0.isNewline })
        else {
            throw DomainError(.invalidEmail, "adresse e-mail invalide : \(raw.quotedForMessage)")
        }
        value = trimmed
    }

    public var description: String { value }
}
