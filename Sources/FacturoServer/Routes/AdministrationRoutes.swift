import FacturoStore
import FacturoWire
import Foundation

/// Platform administration: status, sessions, notices, drain. Only for
/// platform administrators, and, when the server says so, only over a
/// verified client certificate (mutual TLS).
enum AdministrationRoutes {
    static func register(_ router: inout Router) {
        router.on(AdministrationCatalogue.serverStatus, status)
        // Sorts every session of the server.
        router.on(AdministrationCatalogue.listSessions, placement: .sharedPool, listSessions)
        router.on(AdministrationCatalogue.closeSession, closeSession)
        router.on(AdministrationCatalogue.broadcastNotice, broadcast)
        router.on(AdministrationCatalogue.drain, drain)
        router.on(AdministrationCatalogue.metrics, metrics)
    }

    @Sendable static func metrics(_: Facturo_V1_ServerMetricsRequest, _ context: RequestContext) async throws -> Facturo_V1_ServerMetricsResponse {
        _ = try await administrator(context)
        return .with { $0.text = context.runtime.metrics.render(sample(context)) }
    }

    /// The gauges as they stand now.
    static func sample(_ context: RequestContext) -> ServerMetrics.Sample {
        context.runtime.metricsSample(kdf: context.authenticator.scheduler)
    }

    /// The administrator, read afresh like every caller: an administrator
    /// deactivated or demoted meanwhile administers nothing more.
    static func administrator(_ context: RequestContext) async throws -> Caller {
        let caller = try await context.caller()
        try caller.requireAdministrator()
        return caller
    }

    @Sendable static func status(_: Facturo_V1_ServerStatusRequest, _ context: RequestContext) async throws -> Facturo_V1_ServerStatusResponse {
        _ = try await administrator(context)
        let runtime = context.runtime
        let now = Date()
        let bytes = try await context.store.databaseSize()
        let schema = try await context.store.schemaVersion()
        let locks = await context.authenticator.locks(limit: 100)
        return .with {
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
            let sample = sample(context)
            $0.kdfRunning = UInt32(sample.kdfRunning)
            $0.kdfWaiting = UInt32(sample.kdfWaiting)
            $0.partialFrameBytes = UInt64(sample.partialFrameBytes)
            $0.lockedLogins = UInt32(locks.total)
            $0.latestLocks = locks.latest.map { lock in
                .with {
                    $0.login = lock.bucket.login
                    $0.untilUnixMs = Int64(lock.until.timeIntervalSince1970 * 1000)
                    $0.withCertificate = lock.bucket.certificate != nil
                }
            }
        }
    }

    @Sendable static func listSessions(_ list: Facturo_V1_ListSessionsRequest, _ context: RequestContext) async throws -> Facturo_V1_ListSessionsResponse {
        _ = try await administrator(context)
        let paging = try Paging(limit: list.limit, cursor: list.cursor)
        let page = paging.page(context.runtime.registry.sessions) { session in
            Paging.sortable(Int64(session.openedAt.timeIntervalSince1970 * 1000)) + Paging.separator + session.id
        }
        return .with {
            $0.nextCursor = page.nextCursor
            $0.total = UInt32(page.total)
            $0.sessions = page.items.map { session in
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
        }
    }

    @Sendable static func closeSession(_ close: Facturo_V1_CloseSessionRequest, _ context: RequestContext) async throws -> Facturo_V1_CloseSessionResponse {
        let admin = try await administrator(context)
        try WireArguments.bounded(close.sessionID, .sessionID)
        guard close.sessionID != admin.session.id else {
            throw WireError(.invalidArgument, "pour fermer votre propre session, utilisez logout")
        }
        let notice = "votre session a été fermée par un administrateur de la plateforme"
        guard context.events.closeSession(close.sessionID, notice: notice) else {
            throw WireError(.notFound, "aucune session \(close.sessionID)")
        }
        context.logger.notice("session closed", metadata: ["session": "\(close.sessionID)", "by": "\(admin.user.email)"])
        return Facturo_V1_CloseSessionResponse()
    }

    @Sendable static func broadcast(_ broadcast: Facturo_V1_BroadcastNoticeRequest, _ context: RequestContext) async throws -> Facturo_V1_BroadcastNoticeResponse {
        let admin = try await administrator(context)
        let text = try WireArguments.bounded(broadcast.text, .notice).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw WireError(.invalidArgument, "le message est vide") }
        let delivered = context.events.publishToEverySession(EventCatalogue.notice, .notice(text))
        context.logger.notice("notice broadcast", metadata: ["by": "\(admin.user.email)", "sessions": "\(delivered)"])
        return .with { $0.delivered = UInt32(delivered) }
    }

    @Sendable static func drain(_ drain: Facturo_V1_DrainRequest, _ context: RequestContext) async throws -> Facturo_V1_DrainResponse {
        let admin = try await administrator(context)
        let given = try WireArguments.bounded(drain.notice, .drainNotice).trimmingCharacters(in: .whitespacesAndNewlines)
        let notice = given.isEmpty
            ? "maintenance : le serveur n'accepte plus de nouvelles sessions ; terminez votre travail en cours"
            : given
        context.runtime.startDraining()
        let notified = context.events.publishToEverySession(EventCatalogue.notice, .notice(notice))
        context.logger.notice("draining: new logins refused", metadata: ["by": "\(admin.user.email)", "sessions": "\(notified)"])
        return .with { $0.notified = UInt32(notified) }
    }
}
