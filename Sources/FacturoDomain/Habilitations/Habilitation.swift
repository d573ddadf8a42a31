/// A profile: user × structure × (service) × application × level.
public struct Habilitation: Sendable, Equatable, Hashable {
    public var user: UserID
    public var structure: StructureIdentifier
    /// nil: valid for every service of the structure the user's attachment covers.
    public var serviceCode: String?
    public var application: Application
    public var level: AccessLevel

    public init(user: UserID, structure: StructureIdentifier, serviceCode: String? = nil, application: Application, level: AccessLevel) {
        self.user = user
        self.structure = structure
        self.serviceCode = serviceCode
        self.application = application
        self.level = level
    }
}

/// The one rule every request is checked against: may this user do this
/// (application, level) on this structure (and service)?
///
/// Platform administrators may do everything. Otherwise the user needs an
/// attachment covering the service and a habilitation on the application
/// at a sufficient level, for the structure or that very service. Callers
/// turn a refusal into NOT_FOUND when the target belongs to a structure the
/// user is not attached to, so that its existence is never revealed.
public struct AccessPolicy: Sendable {
    public var isPlatformAdministrator: Bool
    public var attachments: [StructureAttachment]
    public var habilitations: [Habilitation]

    public init(isPlatformAdministrator: Bool, attachments: [StructureAttachment], habilitations: [Habilitation]) {
        self.isPlatformAdministrator = isPlatformAdministrator
        self.attachments = attachments
        self.habilitations = habilitations
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        /// Attached, but without the needed habilitation: FORBIDDEN.
        case forbidden
        /// Not attached to that structure (or service): NOT_FOUND.
        case notVisible
    }

    public func decide(_ application: Application, _ level: AccessLevel, on structure: StructureIdentifier, service: String? = nil) -> Decision {
        if isPlatformAdministrator { return .allowed }
        guard attachments.contains(where: { $0.structure == structure && $0.covers(serviceCode: service) }) else {
            return .notVisible
        }
        let granted = habilitations.contains { habilitation in
            habilitation.structure == structure
                && habilitation.application == application
                && habilitation.level.satisfies(level)
                && (habilitation.serviceCode == nil || habilitation.serviceCode == service)
        }
        return granted ? .allowed : .forbidden
    }

    /// Whether the user manages `structure` (approves requests, attaches users).
    public func manages(_ structure: StructureIdentifier) -> Bool {
        isPlatformAdministrator || attachments.contains { $0.structure == structure && $0.role.isManager }
    }
}
