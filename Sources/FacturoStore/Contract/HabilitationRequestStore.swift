import FacturoDomain

/// Habilitation requests and their decisions.
public protocol HabilitationRequestStore: Sendable {
    /// Records a new pending request; `StoreError.duplicate` if an
    /// identical one is pending (a unique constraint decides, so two sent at
    /// once give one).
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
