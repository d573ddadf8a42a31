import FacturoDomain
import FacturoStore
import FacturoWire
import Foundation
import NIOCore

/// Technical accounts (raccordements): systems of a structure, logged in by
/// the client certificate they present, holding habilitations like users.
///
/// A technical account belongs to the structure that creates it for its
/// whole life. Creating and rebinding one (choosing which certificate acts
/// for the structure) are for its managers; holders of `raccordements`
/// consult the list (consultation) and revoke (modification: cutting off a
/// system whose certificate leaked must not wait for a manager).
enum TechnicalAccountRoutes {
    static func register(_ router: inout Router) {
        router.on(TechnicalAccountCatalogue.create, create)
        router.on(TechnicalAccountCatalogue.list, list)
        router.on(TechnicalAccountCatalogue.revoke, revoke)
        router.on(TechnicalAccountCatalogue.rebind, rebind)
    }

    /// Never matches a KDF output: technical accounts have no password.
    static let noPassword = "!technical-account"

    @Sendable static func create(_ create: Facturo_V1_TechnicalAccountCreateRequest, _ context: RequestContext) async throws -> Facturo_V1_TechnicalAccountCreateResponse {
        let caller = try await context.caller()
        let structure = try WireArguments.structure(create.structure)
        try caller.requireManager(of: structure)
        let email = try WireArguments.email(create.email)
        let fingerprint: CertificateFingerprint
        do {
            fingerprint = try CertificateFingerprint(create.certificateSha256)
            try User.validateDisplayName(create.displayName.isEmpty ? email.value : create.displayName)
        } catch { throw WireError(error) }
        guard let owner = try await context.store.structure(structure) else { throw Caller.invisible(structure) }
        let new = NewUser(
            email: email, displayName: create.displayName.isEmpty ? email.value : create.displayName,
            kind: owner.isPublic ? .entitePublique : .entreprise,
            isPlatformAdministrator: false, passwordHash: noPassword, certificateFingerprint: fingerprint
        )
        let account = try await context.store.createUser(new, attachment: StructureAttachment(user: UserID(rawValue: 0), structure: structure, role: .utilisateur), by: caller.actor)
        context.logger.info("technical account created", metadata: ["account": "\(email)", "by": "\(caller.user.email)"])
        return .with { $0.account = .init(account: account) }
    }

    @Sendable static func list(_ list: Facturo_V1_TechnicalAccountListRequest, _ context: RequestContext) async throws -> Facturo_V1_TechnicalAccountListResponse {
        let caller = try await context.caller()
        let paging = try Paging(limit: list.limit, cursor: list.cursor)
        let structure = try WireArguments.structure(list.structure)
        try caller.requireManagerOr(.raccordements, .consultation, on: structure)
        let accounts = try await context.store.users(attachedTo: structure).filter(\.isTechnical)
        let page = paging.page(accounts) { $0.email.value }
        return .with {
            $0.accounts = page.items.map { .init(account: $0) }
            $0.nextCursor = page.nextCursor
            $0.total = UInt32(page.total)
        }
    }

    @Sendable static func revoke(_ revoke: Facturo_V1_TechnicalAccountRevokeRequest, _ context: RequestContext) async throws -> Facturo_V1_TechnicalAccountRevokeResponse {
        let caller = try await context.caller()
        let structure = try WireArguments.structure(revoke.structure)
        try caller.requireManagerOr(.raccordements, .modification, on: structure)
        let account = try await technicalAccount(revoke.email, of: structure, operation: "techaccount revoke", caller, context)
        try await context.store.setUserActive(account.id, false, by: caller.actor)
        context.events.endSessions(of: account.id, code: .accountDisabled, notice: "ce compte technique vient d'être révoqué")
        context.logger.notice("technical account revoked", metadata: ["account": "\(account.email)", "by": "\(caller.user.email)"])
        return Facturo_V1_TechnicalAccountRevokeResponse()
    }

    @Sendable static func rebind(_ rebind: Facturo_V1_TechnicalAccountRebindRequest, _ context: RequestContext) async throws -> Facturo_V1_TechnicalAccountRebindResponse {
        let caller = try await context.caller()
        let structure = try WireArguments.structure(rebind.structure)
        // Managers only: whoever rebinds can log in as the account with a
        // certificate of their own, and so act with all its habilitations.
        try caller.requireManager(of: structure)
        let account = try await technicalAccount(rebind.email, of: structure, operation: "techaccount rebind", caller, context)
        let fingerprint: CertificateFingerprint
        do { fingerprint = try CertificateFingerprint(rebind.certificateSha256) } catch { throw WireError(error) }
        guard try await context.store.setCertificateFingerprint(account.id, fingerprint, by: caller.actor) else {
            return Facturo_V1_TechnicalAccountRebindResponse()
        }
        // Sessions opened with the old certificate end with it.
        context.events.endSessions(of: account.id, code: .sessionClosed, notice: "ce compte technique vient d'être rattaché à un nouveau certificat ; reconnectez-vous avec celui-ci")
        context.logger.notice("technical account bound to a new certificate", metadata: ["account": "\(account.email)", "by": "\(caller.user.email)"])
        return Facturo_V1_TechnicalAccountRebindResponse()
    }

    /// The technical account `email` owned by `structure`. NOT_FOUND, with
    /// the same words, for an unknown e-mail, a person's account and another
    /// structure's technical account: the answer tells nothing of accounts
    /// outside the structure.
    private static func technicalAccount(
        _ email: String, of structure: StructureIdentifier, operation: String, _ caller: Caller, _ context: RequestContext
    ) async throws -> User {
        let address = try WireArguments.email(email)
        let account = try await context.store.user(email: address)
        guard let account, account.isTechnical, try await context.store.owner(ofTechnicalAccount: account.id) == structure else {
            if let account { await RefusedAttempts.onTechnicalAccount(account, operation: operation, namedStructure: structure, caller, context) }
            throw WireError(.notFound, "aucun compte technique \(address) dans la structure \(structure)")
        }
        return account
    }
}
