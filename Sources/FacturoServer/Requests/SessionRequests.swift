import FacturoDomain
import FacturoWire
import Foundation
import Logging
import NIOCore

/// Ping, login, logout and whoami: what any connection may ask.
enum SessionRequests {
    static func ping(_ request: InboundRequest) throws(WireError) -> RequestOutcome {
        let ping = try request.decode(Facturo_V1_PingRequest.self)
        return .response(ByteBuffer(message: Facturo_V1_PingResponse.with {
            $0.data = ping.data
            $0.serverTimeUnixMs = Int64(Date().timeIntervalSince1970 * 1000)
        }))
    }

    static func login(_ request: InboundRequest, authenticator: Authenticator, runtime: ServerRuntime, logger: Logger) async throws -> RequestOutcome {
        let login = try request.decode(Facturo_V1_LoginRequest.self)
        guard !runtime.isDraining else {
            throw WireError(.draining, "le serveur n'accepte plus de nouvelles sessions (maintenance) ; réessayez plus tard", retryable: true)
        }
        let user = try await authenticator.authenticate(email: login.email, password: login.password, logger: logger)
        let session = Session(user: user, openedAt: Date(), peer: request.peer, clientCertificateSubject: request.clientCertificateSubject)
        logger.info("login", metadata: ["user": "\(user.email)", "session": "\(session.id)"])
        return .sessionOpened(session, ByteBuffer(message: Facturo_V1_LoginResponse.with {
            $0.user = .init(user)
            $0.session = .init(session, serverName: runtime.serverName)
        }))
    }

    static func logout(_ request: InboundRequest, logger: Logger) throws(WireError) -> RequestOutcome {
        _ = try request.decode(Facturo_V1_LogoutRequest.self)
        let session = try request.requireSession()
        logger.info("logout", metadata: ["user": "\(session.user.email)", "session": "\(session.id)"])
        return .sessionClosed(ByteBuffer(message: Facturo_V1_LogoutResponse()))
    }

    static func whoAmI(_ request: InboundRequest, serverName: String) throws(WireError) -> RequestOutcome {
        _ = try request.decode(Facturo_V1_WhoAmIRequest.self)
        let session = try request.requireSession()
        return .response(ByteBuffer(message: Facturo_V1_WhoAmIResponse.with {
            $0.user = .init(session.user)
            $0.session = .init(session, serverName: serverName)
        }))
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
