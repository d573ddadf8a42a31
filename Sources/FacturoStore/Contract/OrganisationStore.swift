import FacturoDomain

/// Users, attachments, habilitations, habilitation requests and the audit
/// log. Every change writes its audit line in the same transaction.
public protocol OrganisationStore: Sendable {
    func user(email: EmailAddress) async throws -> User?

    /// Creates a user, attached at once when `attachment` is given (a
    /// manager's new user joins the manager's structure).
    func createUser(_ user: NewUser, attachment: StructureAttachment?, by actor: AuditActor) async throws -> User

    /// Users attached to `structure`, or every user when nil, by e-mail.
    func users(attachedTo structure: StructureIdentifier?) async throws -> [User]

    /// The active technical account bound to this certificate, if any.
    func technicalAccount(fingerprint: CertificateFingerprint) async throws -> User?

    func setUserActive(_ user: UserID, _ active: Bool, by actor: AuditActor) async throws
    func setPasswordHash(_ user: UserID, _ hash: String, by actor: AuditActor) async throws
    /// Binds a technical account to another certificate (renewal);
    /// `StoreError.duplicate` if another account holds that certificate.
    func setCertificateFingerprint(_ user: UserID, _ fingerprint: CertificateFingerprint, by actor: AuditActor) async throws

    /// The account with its attachments and habilitations, read in one
    /// snapshot: what every request is authorised against.
    func rights(of user: UserID) async throws -> UserRights?
    func roster(of structure: StructureIdentifier) async throws -> StructureRoster
    /// Saves a roster change; `StoreError.duplicate` if another change
    /// appointed a principal manager meanwhile.
    func apply(_ change: StructureRoster.Change, to structure: StructureIdentifier, by actor: AuditActor) async throws

    func habilitations(of user: UserID) async throws -> [Habilitation]
    func habilitations(on structure: StructureIdentifier) async throws -> [Habilitation]
    /// Grants (or raises to) `habilitation.level`; false if already held.
    func grant(_ habilitation: Habilitation, by actor: AuditActor) async throws -> Bool
    /// Removes `consultation` entirely, or lowers `modification` to
    /// consultation; false if there was nothing to revoke.
    func revoke(_ habilitation: Habilitation, by actor: AuditActor) async throws -> Bool

    func createRequest(_ request: HabilitationRequest, user: UserID, structure: StructureIdentifier, comment: String, by actor: AuditActor) async throws -> StoredRequest
    func request(id: Int64) async throws -> StoredRequest?
    /// Requests of `user`, or on `structures`, newest first.
    func requests(of user: UserID?, on structures: [StructureIdentifier]?, pendingOnly: Bool) async throws -> [StoredRequest]
    /// How many requests await a decision on `structures` (nil: all),
    /// leaving out those of `excluding` (nobody decides their own).
    func pendingRequestCount(on structures: [StructureIdentifier]?, excluding user: UserID) async throws -> Int
    /// Records a decision (or withdrawal); an approval applies the
    /// habilitation change in the same transaction. `StoreError.conflict`
    /// if the request was decided meanwhile.
    func decide(_ decided: StoredRequest, by actor: AuditActor) async throws

    /// Newest first; `structure` nil means every line (administrators).
    func auditEntries(structure: StructureIdentifier?, limit: Int, beforeID: Int64?) async throws -> [AuditEntry]
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

/// A habilitation request as stored: who asks, on which structure, when.
public struct StoredRequest: Sendable, Equatable {
    public var id: Int64
    public var user: UserID
    public var userEmail: String
    public var structure: StructureIdentifier
    public var request: HabilitationRequest
    /// The requester's reason.
    public var comment: String
    public var createdAt: Int64
    public var decidedAt: Int64?
    public var decidedBy: String?

    public init(id: Int64, user: UserID, userEmail: String, structure: StructureIdentifier, request: HabilitationRequest, comment: String, createdAt: Int64, decidedAt: Int64? = nil, decidedBy: String? = nil) {
        self.id = id
        self.user = user
        self.userEmail = userEmail
        self.structure = structure
        self.request = request
        self.comment = comment
        self.createdAt = createdAt
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
    }
}
