import FacturoDomain
import FacturoStore
import FacturoWire
import Foundation
import Logging
import NIOCore
import SwiftProtobuf

typealias SwiftProtobufMessage = SwiftProtobuf.Message

/// Runs accepted requests. One method per message type; each decodes its
/// payload, checks what the caller may do, and returns exactly one outcome.
///
/// Errors thrown by a handler become error frames here and nowhere else:
/// a `WireError` travels as is, anything unexpected is logged and reported
/// as `SERVER_INTERNAL_ERROR` without its details.
public struct RequestDispatcher: Sendable {
    let store: any Store
    let authenticator: Authenticator
    let serverName: String

    public init(store: any Store, authenticator: Authenticator, serverName: String) {
        self.store = store
        self.authenticator = authenticator
        self.serverName = serverName
    }

    public func handle(_ request: InboundRequest, logger: Logger) async -> RequestOutcome {
        do {
            switch request.messageType {
            case .ping: return try ping(request)
            case .login: return try await login(request, logger: logger)
            case .logout: return try logout(request, logger: logger)
            case .whoAmI: return try whoAmI(request)
            default:
                // The state machine only lets known types through.
                throw WireError(.unknownMessageType, "unknown message type \(request.messageType.rawValue)")
            }
        } catch let error as WireError {
            return .failure(error)
        } catch {
            logger.error("request failed", metadata: ["type": "\(request.messageType)", "error": "\(error)"])
            return .failure(WireError(.internalError, "erreur interne du serveur", retryable: true))
        }
    }

    func ping(_ request: InboundRequest) throws(WireError) -> RequestOutcome {
        let ping = try request.decode(Facturo_V1_PingRequest.self)
        return .response(ByteBuffer(message: Facturo_V1_PingResponse.with {
            $0.data = ping.data
            $0.serverTimeUnixMs = Int64(Date().timeIntervalSince1970 * 1000)
        }))
    }

    func login(_ request: InboundRequest, logger: Logger) async throws -> RequestOutcome {
        let login = try request.decode(Facturo_V1_LoginRequest.self)
        let user = try await authenticator.authenticate(email: login.email, password: login.password, logger: logger)
        let session = Session(user: user, openedAt: Date(), peer: request.peer, clientCertificateSubject: request.clientCertificateSubject)
        logger.info("login", metadata: ["user": "\(user.email)", "session": "\(session.id)"])
        return .sessionOpened(session, ByteBuffer(message: Facturo_V1_LoginResponse.with {
            $0.user = .init(user)
            $0.session = .init(session, serverName: serverName)
        }))
    }

    func logout(_ request: InboundRequest, logger: Logger) throws(WireError) -> RequestOutcome {
        _ = try request.decode(Facturo_V1_LogoutRequest.self)
        let session = try request.requireSession()
        logger.info("logout", metadata: ["user": "\(session.user.email)", "session": "\(session.id)"])
        return .sessionClosed(ByteBuffer(message: Facturo_V1_LogoutResponse()))
    }

    func whoAmI(_ request: InboundRequest) throws(WireError) -> RequestOutcome {
        _ = try request.decode(Facturo_V1_WhoAmIRequest.self)
        let session = try request.requireSession()
        return .response(ByteBuffer(message: Facturo_V1_WhoAmIResponse.with {
            $0.user = .init(session.user)
            $0.session = .init(session, serverName: serverName)
        }))
    }
}

extension InboundRequest {
    func decode<M: SwiftProtobufMessage>(_ type: M.Type) throws(WireError) -> M {
        try payload.decodeMessage(type, of: messageType)
    }

    /// The caller's session. The state machine already refuses anonymous
    /// requests; this keeps each handler correct on its own.
    func requireSession() throws(WireError) -> Session {
        guard let session else {
            throw WireError(.authenticationRequired, "authentification requise : connectez-vous d'abord (login)")
        }
        return session
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
