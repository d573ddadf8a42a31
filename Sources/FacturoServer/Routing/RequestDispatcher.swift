import FacturoCertificates
import FacturoDomain
import FacturoFormats
import FacturoStore
import FacturoWire
import Foundation
import Logging
import NIOCore

/// Runs accepted requests through the router: finds the route, builds the
/// request context, runs the handler, and turns what it returned or threw
/// into exactly one outcome.
///
/// Errors become error frames here and nowhere else: a `WireError` travels
/// as is, a domain or store refusal with its own code, anything unexpected
/// is logged and reported as `SERVER_INTERNAL_ERROR` without its details.
public struct RequestDispatcher: Sendable {
    let router: Router
    let store: any Store
    let authenticator: Authenticator
    let runtime: ServerRuntime
    let middleware: [any RequestMiddleware]
    /// Accepted invoices, committed and signed in batches.
    let submissions: SubmissionBatcher
    /// Received flows, integrated in the background.
    let flows: FlowIntegrator
    let deliveries: NotificationDelivery
    /// Status changes, committed in batches.
    let changes: ChangeBatcher

    init(
        router: Router = .standard(), middleware: [any RequestMiddleware] = [], store: any Store, authenticator: Authenticator, runtime: ServerRuntime,
        submissions: SubmissionBatcher? = nil, logger: Logger = Logger(label: "facturo.server")
    ) {
        let submissions = submissions ?? SubmissionBatcher(store: store, signer: DepositSigner(), metrics: runtime.metrics)
        self.submissions = submissions
        let deliveries = NotificationDelivery(events: runtime.registry, recorder: DeliveryRecorder(store: store, logger: logger))
        self.deliveries = deliveries
        self.changes = ChangeBatcher(store: store)
        self.flows = FlowIntegrator(
            environment: SubmissionEnvironment(store: store, submissions: submissions, logger: logger, deliveries: deliveries), events: runtime.registry,
            rules: RuleOptions(lenientVATRounding: runtime.lenientVATRounding)
        )
        self.router = router
        self.middleware = middleware
        self.store = store
        self.authenticator = authenticator
        self.runtime = runtime
    }

    /// Whether requests of `type` may run on their connection's event loop
    /// (`Router.Placement`); unrouted types are refused at once, anywhere.
    func runsOnEventLoop(_ type: MessageType) -> Bool {
        router[type]?.placement ?? .eventLoop == .eventLoop
    }

    /// A session has just been registered on its connection. A
    /// deactivation committed between the login's last read of the account
    /// and that registration found no session to end; this read, made
    /// after it, sees such a deactivation and ends the session. (One made
    /// later finds the session registered.)
    func sessionRegistered(_ session: Session) {
        Task { [store, registry = runtime.registry] in
            let rights: UserRights?
            do { rights = try await store.rights(of: session.user.id) } catch { return }  // unknown: the next request checks again
            guard rights?.user.isActive != true else { return }
            _ = registry.endSessions(of: session.user.id, code: .accountDisabled, notice: "ce compte vient d’être désactivé ou révoqué")
        }
    }

    public func handle(_ request: InboundRequest, logger: Logger) async -> RequestOutcome {
        runtime.countRequest()
        guard let route = router[request.messageType] else {
            // The state machine lets only catalogued types through, and the
            // route-coverage test keeps every catalogued type routed.
            return .failure(WireError(.unknownMessageType, "unknown message type \(request.messageType.rawValue)"))
        }
        let context = RequestContext(
            request: request, store: store, runtime: runtime, authenticator: authenticator,
            events: runtime.registry, submissions: submissions, flows: flows, deliveries: deliveries, changes: changes, logger: logger
        )
        let started = ContinuousClock.now
        let outcome = await run(route, request, context)
        let code: String = if case let .failure(error) = outcome { error.code.rawValue } else { "ok" }
        runtime.metrics.requestFinished(type: route.descriptor.name, outcome: code, duration: ContinuousClock.now - started)
        return outcome
    }

    private func run(_ route: Router.Route, _ request: InboundRequest, _ context: RequestContext) async -> RequestOutcome {
        do {
            let innermost: @Sendable () async throws -> ByteBuffer = { try await route.run(request.payload, context) }
            let chain = middleware.reversed().reduce(innermost) { next, layer in
                { try await layer.handle(request, route: route.descriptor, next: next) }
            }
            let payload = try await chain()
            switch context.requestedSessionChange {
            case nil: return .response(payload)
            case let .opened(session): return .sessionOpened(session, payload)
            case .closed: return .sessionClosed(payload)
            }
        } catch {
            return .failure(Self.wireError(error, route: route, logger: context.logger))
        }
    }

    static func wireError(_ error: any Error, route: Router.Route, logger: @autoclosure () -> Logger) -> WireError {
        switch error {
        case let error as WireError: return error
        case let error as DomainError: return WireError(error)
        case let error as StoreError where !error.isServerFault: return WireError(error)
        case is CancellationError: return WireError(.cancelled, "requête annulée", retryable: true)
        default:
            logger().error("request failed", metadata: ["type": "\(route.descriptor.name)", "error": "\(error)"])
            return WireError(.internalError, "erreur interne du serveur", retryable: true)
        }
    }
}
