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
    /// they do not hold, is refused; asking to be attached where one is
    /// attached already, too (ask for the habilitation instead), and asking
    /// for a habilitation where one is not attached (ask to be attached).
    /// `held` are the requester's habilitations on `structure`.
    public func checkUseful(on structure: StructureIdentifier, held: [Habilitation], isAttached: Bool) throws(DomainError) {
        switch kind {
        case .attach where isAttached:
            throw DomainError(.alreadyAttached, "vous êtes déjà rattaché à la structure \(structure) : demandez l'habilitation (request add)")
        case .attach:
            return
        case .add, .remove:
            guard isAttached else {
                throw DomainError(.notAttached, "vous n'êtes pas rattaché à la structure \(structure) : demandez d'abord votre rattachement (request attach)")
            }
        }
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

    /// The habilitation an approved `add` or `attach` request grants.
    public func habilitation(for user: UserID, on structure: StructureIdentifier) -> Habilitation {
        Habilitation(user: user, structure: structure, serviceCode: serviceCode, application: application, level: level)
    }

    /// The attachment an approved `attach` request gives, from `current`
    /// (nil: none yet): a plain user's, limited to the requested service
    /// when one is named, a restriction widened to it when the requester
    /// was attached meanwhile (another request approved first).
    public func attachment(for user: UserID, on structure: StructureIdentifier, current: StructureAttachment?) -> StructureAttachment {
        guard var attachment = current else {
            return StructureAttachment(user: user, structure: structure, role: .utilisateur, serviceCodes: serviceCode.map { [$0] })
        }
        if let serviceCode, !attachment.covers(serviceCode: serviceCode) { attachment.serviceCodes?.insert(serviceCode) }
        if serviceCode == nil, attachment.serviceCodes != nil { attachment.serviceCodes = nil }
        return attachment
    }
}
