import Foundation

/// A person (or, later, a system) with an account on the exchange.
public struct User: Sendable, Equatable, Identifiable {
    public var id: UserID
    public var email: EmailAddress
    public var displayName: String
    public var kind: AccountKind
    /// Platform administrators run the exchange itself (directory import,
    /// statistics, shutdown); they are not tied to any structure.
    public var isPlatformAdministrator: Bool
    public var isActive: Bool
    /// A technical account (raccordement): a system, logged in by its client
    /// certificate, never by password.
    public var isTechnical: Bool

    public init(id: UserID, email: EmailAddress, displayName: String, kind: AccountKind, isPlatformAdministrator: Bool, isActive: Bool = true, isTechnical: Bool = false) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.kind = kind
        self.isPlatformAdministrator = isPlatformAdministrator
        self.isActive = isActive
        self.isTechnical = isTechnical
    }

    /// Display names are free text but never empty nor unreasonably long.
    public static func validateDisplayName(_ name: String) throws(DomainError) {
        let trimmed = name.trimmingSpaces()
        guard !trimmed.isEmpty, trimmed.count <= 200 else {
            throw DomainError(.invalidName, "le nom doit contenir entre 1 et 200 caractères")
        }
    }
}

/// Server-assigned identifier of a user, stable across e-mail changes.
public struct UserID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }
}
