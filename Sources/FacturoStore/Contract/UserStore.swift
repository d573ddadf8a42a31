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

    /// The active technical account bound to this certificate, if any.
    func technicalAccount(fingerprint: CertificateFingerprint) async throws -> User?

    func setUserActive(_ user: UserID, _ active: Bool, by actor: AuditActor) async throws
    func setPasswordHash(_ user: UserID, _ hash: String, by actor: AuditActor) async throws
    /// Binds a technical account to another certificate (renewal);
    /// `StoreError.duplicate` if another account holds that certificate.
    func setCertificateFingerprint(_ user: UserID, _ fingerprint: CertificateFingerprint, by actor: AuditActor) async throws
}
