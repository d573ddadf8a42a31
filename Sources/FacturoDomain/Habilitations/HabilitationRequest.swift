/// A user's request to add or remove a habilitation on a structure they are
/// attached to, or to be attached to a structure with a first habilitation
/// (`attach`, the reference portal's "demande de rattachement": a person is
/// attached to a structure they did not create only with their own consent,
/// this request, and a manager's approval). A manager of that structure
/// decides.
///
/// The lifecycle is a small state machine: only a pending request can be
/// decided or withdrawn, and a decision is final.
public struct HabilitationRequest: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case add, remove, attach }

    public enum State: Sendable, Equatable {
        case pending
        case approved(by: UserID, comment: String)
        case refused(by: UserID, comment: String)
        case withdrawn
    }

    public var kind: Kind
    public var application: Application
    public var level: AccessLevel
    public var serviceCode: String?
    public private(set) var state: State = .pending

    public init(kind: Kind, application: Application, level: AccessLevel, serviceCode: String? = nil) {
        self.kind = kind
        self.application = application
        self.level = level
        self.serviceCode = serviceCode
    }

    /// Rebuilds a request read back from storage, in whatever state it reached.
    public init(kind: Kind, application: Application, level: AccessLevel, serviceCode: String?, state: State) {
        self.init(kind: kind, application: application, level: level, serviceCode: serviceCode)
        self.state = state
    }

    public var isPending: Bool { state == .pending }

    /// Two requests ask for the same change: what the store keeps unique
    /// among pending requests of one user on one structure.
    public func asksTheSame(as other: HabilitationRequest) -> Bool {
        kind == other.kind && application == other.application && level == other.level && serviceCode == other.serviceCode
    }

    public mutating func approve(by manager: UserID, comment: String = "") throws(DomainError) {
        try requirePending()
        state = .approved(by: manager, comment: comment)
    }

    /// Refusing needs a reason: the requester is told why.
    public mutating func refuse(by manager: UserID, comment: String) throws(DomainError) {
        try requirePending()
        guard !comment.allSatisfy(\.isWhitespace) else {
            throw DomainError(.invalidRequestTransition, "un refus doit être motivé (commentaire obligatoire)")
        }
        state = .refused(by: manager, comment: comment)
    }

    public mutating func withdraw() throws(DomainError) {
        try requirePending()
        state = .withdrawn
    }

    private func requirePending() throws(DomainError) {
        guard isPending else {
            throw DomainError(.invalidRequestTransition, "cette demande n'est plus en attente")
        }
    }
}

extension HabilitationRequest.State {
    /// The state's stable name: on the wire, in storage and in audit lines.
    public var name: String {
        switch self {
        case .pending: "pending"
        case .approved: "approved"
        case .refused: "refused"
        case .withdrawn: "withdrawn"
        }
    }
}
