import FacturoDomain

/// Accounts: creation, state, passwords, technical accounts' certificates.
/// Every change writes its audit line in the same transaction.
public protocol UserStore: Sendable {
    func user(email: EmailAddress) async throws -> User?

    /// Creates a user, attached at once when `attachment` is given (a
    /// manager's new user joins the manager's structure). A technical
    /// account (with a certificate) belongs to that structure for good.
    func createUser(_ user: NewUser, attachment: StructureAttachment?, by actor: AuditActor) async throws -> User

    /// Users attached to `structure`, or every user when nil, by e-mail.
    func users(attachedTo structure: StructureIdentifier?) async throws -> [User]

    /// The structure a technical account belongs to for its whole life (the
    /// one that created it); nil for a person's account or an unknown one.
    func owner(ofTechnicalAccount user: UserID) async throws -> StructureIdentifier?

    /// The active technical account bound to this certificate, if any
    /// (a certificate still waiting for its holder is bound to none).
    func technicalAccount(fingerprint: CertificateFingerprint) async throws -> User?

    func setUserActive(_ user: UserID, _ active: Bool, by actor: AuditActor) async throws
    func setPasswordHash(_ user: UserID, _ hash: String, by actor: AuditActor) async throws
    /// Names another certificate for a technical account (renewal): the
    /// current one stops at once, the new one waits for its holder
    /// (`claimCertificate`). Never tells whether another account holds it.
    /// False when it was that certificate already (nothing changed).
    @discardableResult
    func setCertificateFingerprint(_ user: UserID, _ fingerprint: CertificateFingerprint, by actor: AuditActor) async throws -> Bool

    /// A certificate login: the active technical account bound to this
    /// certificate (it must be `account` when one is named); else, only for
    /// a login naming `account`, that account if it waits for this
    /// certificate (named at creation or rebinding), which binds now, the
    /// holder having proven it. `StoreError.conflict` when the certificate
    /// is bound to another account than the one named; nil when none.
    /// Revoking a technical account frees its certificate (it waits again).
    func claimCertificate(_ fingerprint: CertificateFingerprint, account: EmailAddress?) async throws -> User?
}
