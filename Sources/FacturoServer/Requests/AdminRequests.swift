import FacturoStore
import FacturoWire
import Foundation
import Logging
import NIOCore

/// Platform administration: status, sessions, notices, drain. Only for
/// platform administrators, and, when the server says so, only over a
/// verified client certificate (mutual TLS).
enum AdminRequests {
    /// The administrator's session, or the refusal. The account is read
    /// afresh, as for every organisation request: an administrator
    /// deactivated or demoted meanwhile administers nothing more.
    static func requireAdministrator(_ request: InboundRequest, store: any Store, runtime: ServerRuntime) async throws -> Session {
        let caller = try await Caller.load(request, store: store, runtime: runtime)
        try caller.requireAdministrator()
        return caller.session
    }

    static func status(_ request: InboundRequest, store: any Store, runtime: ServerRuntime) async throws -> RequestOutcome {
        _ = try request.decode(Facturo_V1_ServerStatusRequest.self)
        _ = try await requireAdministrator(request, store: store, runtime: runtime)
        let now = Date()
        let bytes = try await store.databaseSize()
        let schema = try await store.schemaVersion()
        return .response(ByteBuffer(message: Facturo_V1_ServerStatusResponse.with {
            $0.serverName = runtime.serverName
            $0.serverVersion = runtime.serverVersion
            $0.startedAtUnixMs = Int64(runtime.startedAt.timeIntervalSince1970 * 1000)
            $0.uptimeSeconds = UInt64(max(0, now.timeIntervalSince(runtime.startedAt)))
            $0.connections = UInt32(runtime.registry.connectionCount)
            $0.sessions = UInt32(runtime.registry.sessions.count)
            $0.requestsTotal = runtime.requestsTotal
            $0.requestsLastMinute = runtime.requestsLastMinute(at: now)
            $0.databaseBytes = bytes
            $0.schemaVersion = schema
            $0.draining = runtime.isDraining
        }))
    }

    static func listSessions(_ request: InboundRequest, store: any Store, runtime: ServerRuntime) async throws -> RequestOutcome {
        _ = try request.decode(Facturo_V1_ListSessionsRequest.self)
        _ = try await requireAdministrator(request, store: store, runtime: runtime)
        return .response(ByteBuffer(message: Facturo_V1_ListSessionsResponse.with {
            $0.sessions = runtime.registry.sessions.map { session in
                .with {
                    $0.sessionID = session.id
                    $0.email = session.user.email.value
                    $0.displayName = session.user.displayName
                    $0.peer = session.peer
                    $0.openedAtUnixMs = Int64(session.openedAt.timeIntervalSince1970 * 1000)
                    $0.clientCertificateSubject = session.clientCertificateSubject ?? ""
                    $0.platformAdministrator = session.user.isPlatformAdministrator
                }
            }
        }))
    }

    static func closeSession(_ request: InboundRequest, store: any Store, runtime: ServerRuntime, logger: Logger) async throws -> RequestOutcome {
        let close = try request.decode(Facturo_V1_CloseSessionRequest.self)
        let admin = try await requireAdministrator(request, store: store, runtime: runtime)
        guard close.sessionID != admin.id else {
            throw WireError(.invalidArgument, "pour fermer votre propre session, utilisez logout")
        }
        let notice = "votre session a été fermée par un administrateur de la plateforme"
        guard runtime.registry.send(CloseSessionEvent(notice: notice), toSession: close.sessionID) else {
            throw WireError(.notFound, "aucune session \(close.sessionID)")
        }
        logger.notice("session closed", metadata: ["session": "\(close.sessionID)", "by": "\(admin.user.email)"])
        return .response(ByteBuffer(message: Facturo_V1_CloseSessionResponse()))
    }

    static func broadcast(_ request: InboundRequest, store: any Store, runtime: ServerRuntime, logger: Logger) async throws -> RequestOutcome {
        let broadcast = try request.decode(Facturo_V1_BroadcastNoticeRequest.self)
        let admin = try await requireAdministrator(request, store: store, runtime: runtime)
        let text = broadcast.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 1000 else {
            throw WireError(.invalidArgument, "le message doit contenir entre 1 et 1000 caractères")
        }
        let delivered = runtime.registry.sendToSessions(PushNoticeEvent(text: text))
        logger.notice("notice broadcast", metadata: ["by": "\(admin.user.email)", "sessions": "\(delivered)"])
        return .response(ByteBuffer(message: Facturo_V1_BroadcastNoticeResponse.with { $0.delivered = UInt32(delivered) }))
    }

    static func drain(_ request: InboundRequest, store: any Store, runtime: ServerRuntime, logger: Logger) async throws -> RequestOutcome {
        let drain = try request.decode(Facturo_V1_DrainRequest.self)
        let admin = try await requireAdministrator(request, store: store, runtime: runtime)
        let notice = drain.notice.isEmpty
            ? "maintenance : le serveur n'accepte plus de nouvelles sessions ; terminez votre travail en cours"
            : drain.notice
        runtime.startDraining()
        let notified = runtime.registry.sendToSessions(PushNoticeEvent(text: notice))
        logger.notice("draining: new logins refused", metadata: ["by": "\(admin.user.email)", "sessions": "\(notified)"])
        return .response(ByteBuffer(message: Facturo_V1_DrainResponse.with { $0.notified = UInt32(notified) }))
    }
}
