import FacturoDomain
import FacturoStore
import FacturoWire
import Foundation
import NIOCore

/// Technical accounts (raccordements): systems of a structure, logged in by
/// the client certificate they present, holding habilitations like users.
enum TechnicalAccountRequests {
    /// Never matches a KDF output: technical accounts have no password.
    static let noPassword = "!technical-account"

    static func create(_ request: InboundRequest, _ context: OrganisationContext) async throws -> RequestOutcome {
        let create = try request.decode(Facturo_V1_TechnicalAccountCreateRequest.self)
        let caller = try await context.caller(request)
        let structure = try WireArguments.structure(create.structure)
        try caller.requireManagerOr(.raccordements, .modification, on: structure)
        let email = try WireArguments.email(create.email)
        let fingerprint: CertificateFingerprint
        do {
            fingerprint = try CertificateFingerprint(create.certificateSha256)
            try User.validateDisplayName(create.displayName.isEmpty ? email.value : create.displayName)
        } catch { throw WireError(error) }
        guard let owner = try await context.store.structure(structure) else { throw Caller.invisible(structure) }
        let account = try await context.store.createUser(
            NewUser(
                email: email, displayName: create.displayName.isEmpty ? email.value : create.displayName,
                kind: owner.isPublic ? .entitePublique : .entreprise,
                isPlatformAdministrator: false, passwordHash: noPassword, certificateFingerprint: fingerprint
            ),
            attachment: StructureAttachment(user: UserID(rawValue: 0), structure: structure, role: .utilisateur),
            by: caller.actor
        )
        context.logger.info("technical account created", metadata: ["account": "\(email)", "by": "\(caller.user.email)"])
        return .response(ByteBuffer(message: Facturo_V1_TechnicalAccountCreateResponse.with { $0.account = .init(account: account) }))
    }

    static func list(_ request: InboundRequest, _ context: OrganisationContext) async throws -> RequestOutcome {
        let list = try request.decode(Facturo_V1_TechnicalAccountListRequest.self)
        let caller = try await context.caller(request)
        let structure = try WireArguments.structure(list.structure)
        try caller.requireManagerOr(.raccordements, .consultation, on: structure)
        let accounts = try await context.store.users(attachedTo: structure).filter(\.isTechnical)
        return .response(ByteBuffer(message: Facturo_V1_TechnicalAccountListResponse.with { $0.accounts = accounts.map { .init(account: $0) } }))
    }

    static func revoke(_ request: InboundRequest, _ context: OrganisationContext) async throws -> RequestOutcome {
        let revoke = try request.decode(Facturo_V1_TechnicalAccountRevokeRequest.self)
        let caller = try await context.caller(request)
        let structure = try WireArguments.structure(revoke.structure)
        try caller.requireManagerOr(.raccordements, .modification, on: structure)
        let account = try await technicalAccount(revoke.email, of: structure, context)
        try await context.store.setUserActive(account.id, false, by: caller.actor)
        context.logger.notice("technical account revoked", metadata: ["account": "\(account.email)", "by": "\(caller.user.email)"])
        return .response(ByteBuffer(message: Facturo_V1_TechnicalAccountRevokeResponse()))
    }

    static func rebind(_ request: InboundRequest, _ context: OrganisationContext) async throws -> RequestOutcome {
        let rebind = try request.decode(Facturo_V1_TechnicalAccountRebindRequest.self)
        let caller = try await context.caller(request)
        let structure = try WireArguments.structure(rebind.structure)
        try caller.requireManagerOr(.raccordements, .modification, on: structure)
        let account = try await technicalAccount(rebind.email, of: structure, context)
        let fingerprint: CertificateFingerprint
        do { fingerprint = try CertificateFingerprint(rebind.certificateSha256) } catch { throw WireError(error) }
        try await context.store.setCertificateFingerprint(account.id, fingerprint, by: caller.actor)
        context.logger.notice("technical account bound to a new certificate", metadata: ["account": "\(account.email)", "by": "\(caller.user.email)"])
        return .response(ByteBuffer(message: Facturo_V1_TechnicalAccountRebindResponse()))
    }

    /// The technical account `email` of `structure`; NOT_FOUND for a person's
    /// account or another structure's.
    private static func technicalAccount(_ email: String, of structure: StructureIdentifier, _ context: OrganisationContext) async throws -> User {
        let account = try await UserRequests.existingUser(email, context)
        let attached = try await context.store.roster(of: structure).attachment(of: account.id) != nil
        guard account.isTechnical, attached else { throw WireError(.notFound, "aucun compte technique \(email) dans la structure \(structure)") }
        return account
    }

    /// Logs in the technical account bound to the connection's verified
    /// client certificate. Only a certificate the server's CA verified gets
    /// here with a fingerprint, so the binding cannot be forged.
    static func login(_ request: InboundRequest, _ context: OrganisationContext) async throws -> RequestOutcome {
        _ = try request.decode(Facturo_V1_CertificateLoginRequest.self)
        guard !context.runtime.isDraining else {
            throw WireError(.draining, "le serveur n'accepte plus de nouvelles sessions (maintenance) ; réessayez plus tard", retryable: true)
        }
        guard let fingerprint = request.clientCertificateFingerprint else {
            throw WireError(.clientCertificateRequired, "aucun certificat client vérifié sur cette connexion (le serveur doit tourner avec --client-ca)")
        }
        guard let account = try await context.store.technicalAccount(fingerprint: fingerprint) else {
            context.logger.notice("certificate login refused", metadata: ["sha256": "\(fingerprint)"])
            throw WireError(.unknownCertificate, "aucun compte technique actif pour ce certificat (SHA-256 \(fingerprint))")
        }
        let session = Session(user: account, openedAt: Date(), peer: request.peer, clientCertificateSubject: request.clientCertificateSubject)
        context.logger.info("certificate login", metadata: ["user": "\(account.email)", "session": "\(session.id)"])
        return .sessionOpened(session, ByteBuffer(message: Facturo_V1_LoginResponse.with {
            $0.user = .init(account: account)
            $0.session = .init(session, serverName: context.runtime.serverName)
        }))
    }
}
