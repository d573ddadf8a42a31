import FacturoDomain

/// The audit log's vocabulary: the action names every store writes, so that
/// SQLite and PostgreSQL keep the same trail byte for byte. Operators and
/// scripts filter on these strings: never rename one.
public struct AuditAction: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let structureCreate = AuditAction(rawValue: "structure.create")
    public static let structureUpdate = AuditAction(rawValue: "structure.update")
    public static let serviceCreate = AuditAction(rawValue: "service.create")
    public static let serviceUpdate = AuditAction(rawValue: "service.update")

    public static let userCreate = AuditAction(rawValue: "user.create")
    public static let userActivate = AuditAction(rawValue: "user.activate")
    public static let userDeactivate = AuditAction(rawValue: "user.deactivate")
    public static let userPasswordChange = AuditAction(rawValue: "user.password_change")
    public static let userPasswordReset = AuditAction(rawValue: "user.password_reset")
    public static let technicalAccountCreate = AuditAction(rawValue: "technical_account.create")
    public static let technicalAccountActivate = AuditAction(rawValue: "technical_account.activate")
    public static let technicalAccountRevoke = AuditAction(rawValue: "technical_account.revoke")
    public static let technicalAccountRebind = AuditAction(rawValue: "technical_account.rebind")
    /// The certificate named for a technical account was proven by its
    /// holder (first certificate login) and is now bound.
    public static let technicalAccountBind = AuditAction(rawValue: "technical_account.bind")

    public static let attachmentCreate = AuditAction(rawValue: "attachment.create")
    public static let attachmentUpdate = AuditAction(rawValue: "attachment.update")
    public static let attachmentRemove = AuditAction(rawValue: "attachment.remove")

    public static let habilitationGrant = AuditAction(rawValue: "habilitation.grant")
    public static let habilitationRevoke = AuditAction(rawValue: "habilitation.revoke")

    public static let requestCreate = AuditAction(rawValue: "request.create")
    public static let requestApproved = AuditAction(rawValue: "request.approved")
    public static let requestRefused = AuditAction(rawValue: "request.refused")
    public static let requestWithdrawn = AuditAction(rawValue: "request.withdrawn")

    public static let engagementCreate = AuditAction(rawValue: "engagement.create")
    public static let engagementUpdate = AuditAction(rawValue: "engagement.update")
    public static let engagementRemove = AuditAction(rawValue: "engagement.remove")
    public static let draftCreate = AuditAction(rawValue: "draft.create")
    public static let draftDelete = AuditAction(rawValue: "draft.delete")
    /// An invoice accepted (deposit, typed invoice sent, flow member).
    public static let invoiceSubmit = AuditAction(rawValue: "invoice.submit")
    /// A recipient's or accountant's status change (issue 12).
    public static let invoiceProcess = AuditAction(rawValue: "invoice.process")
    /// The supplier's follow-up: completing, recycling, taking note of a rejection.
    public static let invoiceComplete = AuditAction(rawValue: "invoice.complete")
    public static let invoiceRecycle = AuditAction(rawValue: "invoice.recycle")
    public static let invoiceAcknowledge = AuditAction(rawValue: "invoice.acknowledge")
    /// A flow received (before its invoices are integrated).
    public static let flowReceive = AuditAction(rawValue: "flow.receive")
    /// A flow's integration ended: its status and counts.
    public static let flowIntegrate = AuditAction(rawValue: "flow.integrate")

    /// Not a change: an attempt from outside a structure on one of its
    /// objects, refused.
    public static let accessRefused = AuditAction(rawValue: "access.refused")
}

extension AuditAction {
    /// The action of a decision on a habilitation request.
    public init(decision state: HabilitationRequest.State) {
        switch state {
        case .pending: self = .requestCreate
        case .approved: self = .requestApproved
        case .refused: self = .requestRefused
        case .withdrawn: self = .requestWithdrawn
        }
    }
}

extension AuditAction {
    /// Creating an account: a person's or a technical one's.
    public static func accountCreate(technical: Bool) -> AuditAction {
        technical ? .technicalAccountCreate : .userCreate
    }

    /// (De)activating an account; deactivating a technical account is revoking it.
    public static func accountActivity(_ active: Bool, technical: Bool) -> AuditAction {
        technical ? (active ? .technicalAccountActivate : .technicalAccountRevoke) : (active ? .userActivate : .userDeactivate)
    }

    /// A password set by its owner is a change; by anyone else, a reset.
    public static func passwordSet(byOwner: Bool) -> AuditAction {
        byOwner ? .userPasswordChange : .userPasswordReset
    }
}
