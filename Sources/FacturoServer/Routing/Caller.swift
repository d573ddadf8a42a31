import FacturoDomain
import FacturoStore
import FacturoWire

/// The logged-in user as the store knows them now: account state,
/// attachments and habilitations are read for every authorised request
/// (administration included), so that a revocation takes effect on the
/// very next request.
struct Caller: Sendable {
    let session: Session
    let user: User
    let policy: AccessPolicy

    var actor: AuditActor { AuditActor(user) }
    var isAdministrator: Bool { user.isPlatformAdministrator }

    static func load(_ request: InboundRequest, store: any Store, runtime: ServerRuntime) async throws -> Caller {
        guard let session = request.session else {
            throw WireError.loginRequired
        }
        guard let rights = try await store.rights(of: session.user.id), rights.user.isActive else {
            throw WireError(.accountDisabled, "ce compte est désactivé ou révoqué", fatal: true)
        }
        if rights.user.isPlatformAdministrator { try runtime.admitAdministrator(session) }
        return Caller(session: session, user: rights.user, policy: rights.policy)
    }

    /// The suppliers whose invoices, drafts and flows a list reads: the
    /// one named (consultation of `factures_emises` required), or, none
    /// named, every structure the caller holds it on.
    func readableSuppliers(named text: String) throws(WireError) -> [StructureIdentifier] {
        guard !text.isEmpty else {
            return policy.attachments.map(\.structure).filter { policy.decide(.facturesEmises, .consultation, on: $0) == .allowed }
        }
        let supplier = try WireArguments.structure(text)
        try require(.facturesEmises, .consultation, on: supplier)
        return [supplier]
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
