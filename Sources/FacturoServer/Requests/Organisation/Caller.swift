import FacturoDomain
import FacturoStore
import FacturoWire

/// The logged-in user as the store knows them now: account state,
/// attachments and habilitations are read for every organisation request,
/// so that a revocation takes effect on the very next request.
struct Caller: Sendable {
    let session: Session
    let user: User
    let policy: AccessPolicy

    var actor: AuditActor { AuditActor(user) }
    var isAdministrator: Bool { user.isPlatformAdministrator }

    static func load(_ request: InboundRequest, store: any Store, runtime: ServerRuntime) async throws -> Caller {
        let session = try request.requireSession()
        guard let rights = try await store.rights(of: session.user.id), rights.user.isActive else {
            throw WireError(.accountDisabled, "ce compte est désactivé ou révoqué", fatal: true)
        }
        if rights.user.isPlatformAdministrator { try runtime.admitAdministrator(session) }
        return Caller(session: session, user: rights.user, policy: rights.policy)
    }

    func requireAdministrator() throws(WireError) {
        guard isAdministrator else { throw WireError(.forbidden, "réservé aux administrateurs de la plateforme") }
    }

    func isAttached(to structure: StructureIdentifier) -> Bool {
        policy.attachments.contains { $0.structure == structure }
    }

    /// Administrators, and users attached to `structure`; for anyone else
    /// the structure's organisation does not exist (NOT_FOUND).
    func requireVisible(_ structure: StructureIdentifier) throws(WireError) {
        guard isAdministrator || isAttached(to: structure) else { throw Self.invisible(structure) }
    }

    /// Administrators and the structure's managers.
    func requireManager(of structure: StructureIdentifier) throws(WireError) {
        try requireVisible(structure)
        guard policy.manages(structure) else {
            throw WireError(.forbidden, "réservé aux gestionnaires de la structure \(structure)")
        }
    }

    /// Managers, or holders of `application` at `level` on the structure.
    func requireManagerOr(_ application: Application, _ level: AccessLevel, on structure: StructureIdentifier) throws(WireError) {
        try requireVisible(structure)
        if policy.manages(structure) { return }
        try require(application, level, on: structure)
    }

    func require(_ application: Application, _ level: AccessLevel, on structure: StructureIdentifier, service: String? = nil) throws(WireError) {
        switch policy.decide(application, level, on: structure, service: service) {
        case .allowed: return
        case .notVisible: throw Self.invisible(structure)
        case .forbidden:
            throw WireError(.forbidden, "habilitation « \(application.label) » en \(level.rawValue) requise sur la structure \(structure)")
        }
    }

    static func invisible(_ structure: StructureIdentifier) -> WireError {
        WireError(.notFound, "structure \(structure) inconnue ou hors de vos rattachements")
    }

    /// Roster rules see administrators apart from members.
    var rosterActor: StructureRoster.Actor { isAdministrator ? .administrator : .member(user.id) }
}

/// Parsing of the text fields every organisation message carries.
enum WireArguments {
    static func structure(_ text: String) throws(WireError) -> StructureIdentifier {
        guard !text.isEmpty else { throw WireError(.invalidArgument, "structure manquante (SIRET ou TYPE:identifiant)") }
        do { return try StructureIdentifier(parsing: text) } catch { throw WireError(error) }
    }

    static func email(_ text: String) throws(WireError) -> EmailAddress {
        do { return try EmailAddress(text) } catch { throw WireError(error) }
    }

    static func application(_ text: String) throws(WireError) -> Application {
        guard let application = Application(rawValue: text) else {
            throw WireError(.invalidArgument, "application inconnue : « \(text) » (\(Application.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return application
    }

    static func level(_ text: String) throws(WireError) -> AccessLevel {
        guard let level = AccessLevel(rawValue: text) else {
            throw WireError(.invalidArgument, "niveau inconnu : « \(text) » (consultation, modification)")
        }
        return level
    }

    static func optionalService(_ text: String) throws(WireError) -> String? {
        guard !text.isEmpty else { return nil }
        do { try Service.validate(code: text) } catch { throw WireError(error) }
        return text
    }
}

extension WireError {
    /// A business rule's refusal travels with the rule's own code.
    init(_ error: DomainError) {
        self.init(ErrorCode(rawValue: error.code.rawValue), error.message)
    }

    init(_ error: StoreError) {
        switch error {
        case let .duplicate(what): self.init(.alreadyExists, "existe déjà : \(what)")
        case let .notFound(what): self.init(.notFound, "introuvable : \(what)")
        case let .conflict(what): self.init(.conflict, "modifié entre-temps : \(what) ; relisez et recommencez")
        case .schemaTooNew, .corrupt: self.init(.internalError, "erreur interne du serveur", retryable: true)
        }
    }
}
