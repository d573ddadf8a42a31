import FacturoDomain

/// Attachments of users to structures (rosters), and the rights snapshot
/// every request is authorised against. Changes write their audit lines.
public protocol RosterStore: Sendable {
    /// The account with its attachments and habilitations, read in one
    /// snapshot: what every request is authorised against.
    func rights(of user: UserID) async throws -> UserRights?
    func roster(of structure: StructureIdentifier) async throws -> StructureRoster
    /// Saves a roster change; `StoreError.duplicate` if another change
    /// appointed a principal manager meanwhile.
    func apply(_ change: StructureRoster.Change, to structure: StructureIdentifier, by actor: AuditActor) async throws
}

/// A user as authorisation sees them.
public struct UserRights: Sendable {
    public var user: User
    public var policy: AccessPolicy

    public init(user: User, policy: AccessPolicy) {
        self.user = user
        self.policy = policy
    }
}
