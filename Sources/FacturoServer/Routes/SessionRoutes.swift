import FacturoDomain
import FacturoStore
import FacturoWire
import Foundation
import Logging

/// Ping, the two logins, logout and whoami: what any connection may ask.
enum SessionRoutes {
    static func register(_ router: inout Router) {
        router.on(SessionCatalogue.ping, ping)
        router.on(SessionCatalogue.login, login)
        router.on(SessionCatalogue.certificateLogin, certificateLogin)
        router.on(SessionCatalogue.logout, logout)
        router.on(SessionCatalogue.whoAmI, whoAmI)
    }

    @Sendable static func ping(_ ping: Facturo_V1_PingRequest, _ context: RequestContext) -> Facturo_V1_PingResponse {
        .with {
            $0.data = ping.data
            $0.serverTimeUnixMs = Int64(Date().timeIntervalSince1970 * 1000)
        }
    }

    @Sendable static func login(_ login: Facturo_V1_LoginRequest, _ context: RequestContext) async throws -> Facturo_V1_LoginResponse {
        try refuseWhileDraining(context)
        // Before the throttle, which keeps login names, and the KDF.
        try WireArguments.bounded(login.email, .loginEmail)
        try WireArguments.bounded(login.password, .loginPassword)
        let user = try await context.authenticator.authenticate(email: login.email, password: login.password, origin: context.kdfOrigin, certificate: context.request.clientCertificateFingerprint?.hex, logger: context.logger)
        return open(Session(user: user, openedAt: Date(), peer: context.request.peer, clientCertificateSubject: context.request.clientCertificateSubject), .init(user), "login", context)
    }

    /// Logs in the technical account bound to the connection's verified
    /// client certificate. Only a certificate the server's CA verified gets
    /// here with a fingerprint, so the binding cannot be forged.
    /// The first login with a certificate named for an account binds it:
    /// holding the certificate is the proof the naming could not give.
    @Sendable static func certificateLogin(_ login: Facturo_V1_CertificateLoginRequest, _ context: RequestContext) async throws -> Facturo_V1_LoginResponse {
        try refuseWhileDraining(context)
        guard let fingerprint = context.request.clientCertificateFingerprint else {
            throw WireError(.clientCertificateRequired, "aucun certificat client vérifié sur cette connexion (le serveur doit tourner avec --client-ca)")
        }
        try WireArguments.bounded(login.email, .loginEmail)
        let named = login.email.isEmpty ? nil : try WireArguments.email(login.email)
        let claimed: User?
        do {
            claimed = try await context.store.claimCertificate(fingerprint, account: named)
        } catch let StoreError.conflict(what) {
            context.logger.notice("certificate login refused", metadata: ["sha256": "\(fingerprint)", "reason": "\(what)"])
            throw WireError(.unknownCertificate, "ce certificat est lié à un autre compte technique que \(named.map(\.value) ?? "")")
        }
        guard let account = claimed else {
            context.logger.notice("certificate login refused", metadata: ["sha256": "\(fingerprint)"])
            throw WireError(.unknownCertificate, named == nil
                ? "aucun compte technique actif lié à ce certificat (SHA-256 \(fingerprint)) ; pour la première connexion, nommez le compte (email)"
                : "le compte technique \(named!) n'est pas actif ou n'attend pas ce certificat (SHA-256 \(fingerprint))")
        }
        // Technical accounts are described with their state, as in lists.
        return open(Session(user: account, openedAt: Date(), peer: context.request.peer, clientCertificateSubject: context.request.clientCertificateSubject), .init(account: account), "certificate login", context)
    }

    @Sendable static func logout(_: Facturo_V1_LogoutRequest, _ context: RequestContext) throws -> Facturo_V1_LogoutResponse {
        let session = try context.requireSession()
        context.logger.info("logout", metadata: ["user": "\(session.user.email)", "session": "\(session.id)"])
        context.closeSession()
        return Facturo_V1_LogoutResponse()
    }

    @Sendable static func whoAmI(_: Facturo_V1_WhoAmIRequest, _ context: RequestContext) throws -> Facturo_V1_WhoAmIResponse {
        let session = try context.requireSession()
        return .with {
            $0.user = .init(session.user)
            $0.session = .init(session, serverName: context.runtime.serverName)
        }
    }

    private static func refuseWhileDraining(_ context: RequestContext) throws(WireError) {
        guard !context.runtime.isDraining else {
            throw WireError(.draining, "le serveur n'accepte plus de nouvelles sessions (maintenance) ; réessayez plus tard", retryable: true)
        }
    }

    private static func open(_ session: Session, _ user: Facturo_V1_UserInfo, _ event: Logger.Message, _ context: RequestContext) -> Facturo_V1_LoginResponse {
        context.logger.info(event, metadata: ["user": "\(session.user.email)", "session": "\(session.id)"])
        context.openSession(session)
        return .with {
            $0.user = user
            $0.session = .init(session, serverName: context.runtime.serverName)
        }
    }
}

extension Facturo_V1_UserInfo {
    init(_ user: User) {
        self.init()
        id = String(user.id.rawValue)
        email = user.email.value
        displayName = user.displayName
        kind = user.kind.rawValue
        platformAdministrator = user.isPlatformAdministrator
    }
}

extension Facturo_V1_SessionInfo {
    init(_ session: Session, serverName: String) {
        self.init()
        id = session.id
        openedAtUnixMs = Int64(session.openedAt.timeIntervalSince1970 * 1000)
        peer = session.peer
        clientCertificateSubject = session.clientCertificateSubject ?? ""
        self.serverName = serverName
    }
}
