/// What may be asked and decided in the habilitation request workflow.
/// The server authorises the caller and stores; these rules decide.
extension HabilitationRequest {
    /// What a decider says about a request, parsed once from its wire word.
    public enum Decision: String, Sendable, CaseIterable {
        case approve, refuse, withdraw

        public init(parsing text: String) throws(DomainError) {
            self = try .named(text)
        }
    }

    /// The kind of a new request from its wire word; empty means `add`.
    public static func kind(parsing text: String) throws(DomainError) -> Kind {
        text.isEmpty ? .add : try .named(text)
    }

    /// A request only makes sense when it would change something: adding
    /// what the requester already holds at that level, or removing what
    /// they do not hold, is refused. `held` are the requester's
    /// habilitations on `structure`.
    public func checkUseful(on structure: StructureIdentifier, held: [Habilitation]) throws(DomainError) {
        let current = held.first {
            $0.structure == structure && $0.application == application && $0.serviceCode == serviceCode
        }
        let holds = current?.level.satisfies(level) == true
        switch kind {
        case .add where holds:
            throw DomainError(.invalidArgument, "vous détenez déjà « \(application.label) » en \(current!.level.rawValue)")
        case .remove where !holds:
            throw DomainError(.invalidArgument, "vous ne détenez pas « \(application.label) » en \(level.rawValue)")
        default:
            return
        }
    }

    /// Applies `decision` by `decider` to this request of `requester`.
    /// Managers approve and refuse, never their own request (an
    /// administrator may); only the requester withdraws.
    public mutating func apply(
        _ decision: Decision, by decider: UserID, isAdministrator: Bool, requester: UserID, comment: String
    ) throws(DomainError) {
        let isOwn = decider == requester
        switch decision {
        case .approve, .refuse:
            guard !isOwn || isAdministrator else {
                throw DomainError(.forbidden, "vous ne pouvez pas décider votre propre demande")
            }
            if decision == .approve {
                try approve(by: decider, comment: comment)
            } else {
                try refuse(by: decider, comment: comment)
            }
        case .withdraw:
            guard isOwn else { throw DomainError(.forbidden, "seul le demandeur peut retirer sa demande") }
            try withdraw()
        }
    }

    /// The habilitation an approved `add` request grants.
    public func habilitation(for user: UserID, on structure: StructureIdentifier) -> Habilitation {
        Habilitation(user: user, structure: structure, serviceCode: serviceCode, application: application, level: level)
    }
}
