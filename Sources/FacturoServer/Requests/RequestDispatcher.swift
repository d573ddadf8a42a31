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
            case .serverStatus: return try await AdminRequests.status(request, store: store, runtime: runtime)
            case .listSessions: return try await AdminRequests.listSessions(request, store: store, runtime: runtime)
            case .closeSession: return try await AdminRequests.closeSession(request, store: store, runtime: runtime, logger: logger)
            case .broadcastNotice: return try await AdminRequests.broadcast(request, store: store, runtime: runtime, logger: logger)
            case .drain: return try await AdminRequests.drain(request, store: store, runtime: runtime, logger: logger)
            default:
                if let handler = Self.organisationHandlers[request.messageType] {
                    return try await handler(request, OrganisationContext(store: store, runtime: runtime, authenticator: authenticator, logger: logger))
                }
                // The state machine only lets known types through.
                throw WireError(.unknownMessageType, "unknown message type \(request.messageType.rawValue)")
            }
        } catch let error as WireError {
            return .failure(error)
        } catch let error as DomainError {
            return .failure(WireError(error))
        } catch let error as StoreError where !error.isInternal {
            return .failure(WireError(error))
        } catch is CancellationError {
            return .failure(WireError(.cancelled, "requête annulée", retryable: true))
        } catch {
            logger.error("request failed", metadata: ["type": "\(request.messageType)", "error": "\(error)"])
            return .failure(WireError(.internalError, "erreur interne du serveur", retryable: true))
        }
    }
}

extension RequestDispatcher {
    typealias OrganisationHandler = @Sendable (InboundRequest, OrganisationContext) async throws -> RequestOutcome

    static let organisationHandlers: [MessageType: OrganisationHandler] = [
        .certificateLogin: TechnicalAccountRequests.login,
        .directorySearch: DirectoryRequests.search,
        .structureShow: DirectoryRequests.show,
        .structureCreate: DirectoryRequests.create,
        .structureUpdate: DirectoryRequests.update,
        .serviceSave: DirectoryRequests.saveService,
        .directoryImport: DirectoryImportRequests.chunk,
        .userCreate: UserRequests.create,
        .userList: UserRequests.list,
        .userSetActive: UserRequests.setActive,
        .passwordChange: UserRequests.changePassword,
        .passwordReset: UserRequests.resetPassword,
        .attach: UserRequests.attach,
        .detach: UserRequests.detach,
        .setRole: UserRequests.setRole,
        .myHabilitations: HabilitationRequests.mine,
        .habilitationList: HabilitationRequests.list,
        .habilitationGrant: HabilitationRequests.grant,
        .habilitationRevoke: HabilitationRequests.revoke,
        .requestCreate: HabilitationRequests.createRequest,
        .requestList: HabilitationRequests.listRequests,
        .requestDecide: HabilitationRequests.decide,
        .technicalAccountCreate: TechnicalAccountRequests.create,
        .technicalAccountList: TechnicalAccountRequests.list,
        .technicalAccountRevoke: TechnicalAccountRequests.revoke,
        .technicalAccountRebind: TechnicalAccountRequests.rebind,
        .auditList: AuditRequests.list,
    ]
}

extension StoreError {
    /// Failures that are the server's own fault, never the caller's.
    var isInternal: Bool {
        switch self {
        case .schemaTooNew, .corrupt: true
        case .duplicate, .notFound, .conflict: false
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
