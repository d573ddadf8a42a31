import FacturoDomain
import FacturoStore
import FacturoWire
import Foundation
import Logging
import NIOCore
import SwiftProtobuf

typealias SwiftProtobufMessage = SwiftProtobuf.Message

/// Runs accepted requests. Routes each message type to its handler; each
/// handler decodes its payload, checks what the caller may do, and returns
/// exactly one outcome.
///
/// Errors thrown by a handler become error frames here and nowhere else:
/// a `WireError` travels as is, anything unexpected is logged and reported
/// as `SERVER_INTERNAL_ERROR` without its details.
public struct RequestDispatcher: Sendable {
    let store: any Store
    let authenticator: Authenticator
    let runtime: ServerRuntime

    init(store: any Store, authenticator: Authenticator, runtime: ServerRuntime) {
        self.store = store
        self.authenticator = authenticator
        self.runtime = runtime
    }

    public func handle(_ request: InboundRequest, logger: Logger) async -> RequestOutcome {
        runtime.countRequest()
        do {
            switch request.messageType {
            case .ping: return try SessionRequests.ping(request)
            case .login: return try await SessionRequests.login(request, authenticator: authenticator, runtime: runtime, logger: logger)
            case .logout: return try SessionRequests.logout(request, logger: logger)
            case .whoAmI: return try SessionRequests.whoAmI(request, serverName: runtime.serverName)
            case .serverStatus: return try await AdminRequests.status(request, runtime: runtime, store: store)
            case .listSessions: return try AdminRequests.listSessions(request, runtime: runtime)
            case .closeSession: return try AdminRequests.closeSession(request, runtime: runtime, logger: logger)
            case .broadcastNotice: return try AdminRequests.broadcast(request, runtime: runtime, logger: logger)
            case .drain: return try AdminRequests.drain(request, runtime: runtime, logger: logger)
            default:
                // The state machine only lets known types through.
                throw WireError(.unknownMessageType, "unknown message type \(request.messageType.rawValue)")
            }
        } catch let error as WireError {
            return .failure(error)
        } catch is CancellationError {
            return .failure(WireError(.cancelled, "requête annulée", retryable: true))
        } catch {
            logger.error("request failed", metadata: ["type": "\(request.messageType)", "error": "\(error)"])
            return .failure(WireError(.internalError, "erreur interne du serveur", retryable: true))
        }
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
