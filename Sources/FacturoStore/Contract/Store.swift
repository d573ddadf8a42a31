import FacturoDomain

/// The persistence contract between the server and a database.
///
/// The server only ever talks to this protocol, so the PostgreSQL
/// implementation can arrive later without touching request handling.
/// Every method that returns has committed: callers acknowledge a write to
/// a client only after the call returns.
public protocol Store: DirectoryStore, UserStore, RosterStore, HabilitationStore, HabilitationRequestStore, AuditStore, InvoiceStore, InvoiceProcessingStore, FlowStore {
    /// The user with this login and the stored password hash, or nil.
    func credentials(for email: EmailAddress) async throws -> StoredCredentials?

    func user(id: UserID) async throws -> User?

    /// Whether at least one active platform administrator exists.
    func hasPlatformAdministrator() async throws -> Bool

    /// Whether the database holds no user and no structure: the only state
    /// in which demo data may be loaded.
    func isEmpty() async throws -> Bool

    /// Version of the schema this database is at, for status displays.
    func schemaVersion() async throws -> String

    /// Bytes the database occupies (files, or relation sizes for a server
    /// database), for the administrators' status display.
    func databaseSize() async throws -> UInt64

    /// Releases the database; later calls fail.
    func close() async throws

    /// Sends the duration of every database statement from now on to
    /// `sink` (the server's database-time metric). Set once, at start.
    func reportStatementDurations(to sink: @escaping @Sendable (Duration) -> Void)
}

extension Store {
    /// Creates a user without attachment, as set-up tasks do; throws
    /// `StoreError.duplicate` when the e-mail is taken.
    public func createUser(_ user: NewUser) async throws -> User {
        try await createUser(user, attachment: nil, by: .system)
    }

    public func createStructure(_ structure: Structure) async throws {
        try await createStructure(structure, by: .system)
    }
}

/// A user as stored, with what is needed to check a password.
public struct StoredCredentials: Sendable {
    public var user: User
    /// The KDF output in its self-describing string form; see `PasswordHasher`.
    public var passwordHash: String

    public init(user: User, passwordHash: String) {
        self.user = user
        self.passwordHash = passwordHash
    }
}

/// What is needed to create a user; the id is the store's to assign.
public struct NewUser: Sendable {
    public var email: EmailAddress
    public var displayName: String
    public var kind: AccountKind
    public var isPlatformAdministrator: Bool
    /// For technical accounts, an unusable marker: they never log in by password.
    public var passwordHash: String
    /// Set for technical accounts only: the certificate they log in with.
    public var certificateFingerprint: CertificateFingerprint?

    public init(email: EmailAddress, displayName: String, kind: AccountKind, isPlatformAdministrator: Bool, passwordHash: String, certificateFingerprint: CertificateFingerprint? = nil) {
        self.email = email
        self.displayName = displayName
        self.kind = kind
        self.isPlatformAdministrator = isPlatformAdministrator
        self.passwordHash = passwordHash
        self.certificateFingerprint = certificateFingerprint
    }
}
