/// The attachments of one structure and the rules for changing them.
///
/// Kept pure so that every rule is unit-tested and the server only loads
/// the roster, asks, and saves what changed (in one transaction, behind a
/// unique index that also guarantees one principal manager).
public struct StructureRoster: Sendable, Equatable {
    /// Who acts: a platform administrator, or a user of the exchange.
    public enum Actor: Sendable, Equatable {
        case administrator
        case member(UserID)
    }

    /// What to save after a change: attachments to write, users to detach.
    public struct Change: Sendable, Equatable {
        public var upserts: [StructureAttachment] = []
        public var removals: [UserID] = []

        public init(upserts: [StructureAttachment] = [], removals: [UserID] = []) {
            self.upserts = upserts
            self.removals = removals
        }
    }

    public let structure: StructureIdentifier
    public private(set) var attachments: [StructureAttachment]

    public init(structure: StructureIdentifier, attachments: [StructureAttachment]) {
        self.structure = structure
        self.attachments = attachments.filter { $0.structure == structure }
    }

    public func attachment(of user: UserID) -> StructureAttachment? {
        attachments.first { $0.user == user }
    }

    public var principal: StructureAttachment? {
        attachments.first { $0.role == .gestionnairePrincipal }
    }

    /// Attaches `user`. Appointing a principal when there is one transfers
    /// the role (the former principal becomes secondary manager). A
    /// technical account is attached once, to the structure that creates
    /// it, and never elsewhere (`technical`).
    public mutating func attach(_ user: UserID, technical: Bool = false, role: StructureAttachment.Role, serviceCodes: Set<String>?, by actor: Actor) throws(DomainError) -> Change {
        try requireManager(actor)
        if technical { throw Self.technicalAccountStays }
        guard attachment(of: user) == nil else {
            throw DomainError(.alreadyAttached, "cet utilisateur est déjà rattaché à la structure \(structure)")
        }
        if role == .gestionnairePrincipal, principal != nil { try requirePrincipalOrAdministrator(actor, "désigner le gestionnaire principal") }
        if role.isManager { try requireSecondaryMayAppoint(role, actor) }
        var change = Change()
        if role == .gestionnairePrincipal, var former = principal {
            former.role = .gestionnaireSecondaire
            replace(former)
            change.upserts.append(former)
        }
        let new = StructureAttachment(user: user, structure: structure, role: role, serviceCodes: role.isManager ? nil : serviceCodes)
        attachments.append(new)
        change.upserts.append(new)
        return change
    }

    /// Changes a user's role (promotion or demotion) within the structure.
    /// A technical account is a system: it is never a manager.
    public mutating func setRole(of user: UserID, technical: Bool = false, to role: StructureAttachment.Role, by actor: Actor) throws(DomainError) -> Change {
        try requireManager(actor)
        guard var target = attachment(of: user) else {
            throw DomainError(.notAttached, "cet utilisateur n'est pas rattaché à la structure \(structure)")
        }
        guard target.role != role else { return Change() }
        if target.role == .gestionnairePrincipal {
            throw DomainError(.roleRule, "le gestionnaire principal ne peut pas être rétrogradé : désignez d'abord son successeur")
        }
        if technical, role.isManager {
            throw DomainError(.roleRule, "un compte technique ne peut pas être gestionnaire")
        }
        // Otherwise a secondary manager could remove the others by
        // demoting them first, then detaching them as plain users.
        if target.role.isManager { try requirePrincipalOrAdministrator(actor, "rétrograder un gestionnaire") }
        if role == .gestionnairePrincipal { try requirePrincipalOrAdministrator(actor, "désigner le gestionnaire principal") }
        try requireSecondaryMayAppoint(role, actor)
        var change = Change()
        if role == .gestionnairePrincipal, var former = principal {
            former.role = .gestionnaireSecondaire
            replace(former)
            change.upserts.append(former)
        }
        target.role = role
        if role.isManager { target.serviceCodes = nil }
        replace(target)
        change.upserts.append(target)
        return change
    }

    /// Detaches `user`. The principal manager stays until a successor is named.
    /// A technical account stays attached to its structure for its whole
    /// life: it is revoked, never detached (`technical`).
    public mutating func detach(_ user: UserID, technical: Bool = false, by actor: Actor) throws(DomainError) -> Change {
        try requireManager(actor)
        guard let target = attachment(of: user) else {
            throw DomainError(.notAttached, "cet utilisateur n'est pas rattaché à la structure \(structure)")
        }
        if technical { throw Self.technicalAccountStays }
        if target.role == .gestionnairePrincipal {
            throw DomainError(.roleRule, "le gestionnaire principal ne peut pas être détaché : désignez d'abord son successeur")
        }
        if target.role == .gestionnaireSecondaire { try requirePrincipalOrAdministrator(actor, "détacher un gestionnaire") }
        attachments.removeAll { $0.user == user }
        return Change(removals: [user])
    }

    /// Whether `actor` may grant or revoke habilitations of `user` here:
    /// managers do, for users attached to the structure; the principal
    /// manager's own rights only the principal (or an administrator)
    /// changes, as naming a manager.
    public func requireMayChangeHabilitations(of user: UserID, by actor: Actor) throws(DomainError) {
        try requireManager(actor)
        guard let target = attachment(of: user) else {
            throw DomainError(.notAttached, "cet utilisateur n'est pas rattaché à la structure \(structure)")
        }
        if target.role == .gestionnairePrincipal, actor != .member(user) {
            try requirePrincipalOrAdministrator(actor, "modifier les habilitations du gestionnaire principal")
        }
    }

    static let technicalAccountStays = DomainError(
        .roleRule, "un compte technique reste rattaché à la structure qui l'a créé : révoquez-le (techaccount revoke) ou créez-en un autre"
    )

    private func requireManager(_ actor: Actor) throws(DomainError) {
        guard case let .member(id) = actor else { return }
        guard attachment(of: id)?.role.isManager == true else {
            throw DomainError(.forbidden, "réservé aux gestionnaires de la structure \(structure)")
        }
    }

    private func requirePrincipalOrAdministrator(_ actor: Actor, _ what: String) throws(DomainError) {
        guard case let .member(id) = actor else { return }
        guard attachment(of: id)?.role == .gestionnairePrincipal else {
            throw DomainError(.forbidden, "seul le gestionnaire principal (ou un administrateur) peut \(what)")
        }
    }

    /// Secondary managers handle plain users; managers are named by the principal.
    private func requireSecondaryMayAppoint(_ role: StructureAttachment.Role, _ actor: Actor) throws(DomainError) {
        guard role.isManager else { return }
        try requirePrincipalOrAdministrator(actor, "nommer un gestionnaire")
    }

    private mutating func replace(_ attachment: StructureAttachment) {
        if let index = attachments.firstIndex(where: { $0.user == attachment.user }) {
            attachments[index] = attachment
        }
    }
}
