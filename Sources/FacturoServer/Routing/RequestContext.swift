import FacturoStore
import FacturoWire
import Logging
import NIOConcurrencyHelpers

/// What every handler gets besides its typed request: who asks (the
/// inbound request's session, peer and certificate), the store, the running
/// server, password hashing, the event publisher and a logger.
struct RequestContext: Sendable {
    let request: InboundRequest
    let store: any Store
    let runtime: ServerRuntime
    let authenticator: Authenticator
    let events: any EventPublisher
    /// Where accepted invoices go to be committed and signed.
    let submissions: SubmissionBatcher
    /// Where received flows wait for their integration.
    let flows: FlowIntegrator
    /// Pushes a change's notifications to live sessions.
    let deliveries: NotificationDelivery
    /// Where status changes go to be committed together.
    let changes: ChangeBatcher
    /// The connection's logger, without the request's correlation id.
    let connectionLogger: Logger
    private let sessionChange = NIOLockedValueBox<SessionChange?>(nil)

    init(
        request: InboundRequest, store: any Store, runtime: ServerRuntime, authenticator: Authenticator, events: any EventPublisher,
        submissions: SubmissionBatcher, flows: FlowIntegrator, deliveries: NotificationDelivery, changes: ChangeBatcher, logger: Logger
    ) {
        self.changes = changes
        self.deliveries = deliveries
        self.submissions = submissions
        self.flows = flows
        self.request = request
        self.store = store
        self.runtime = runtime
        self.authenticator = authenticator
        self.events = events
        self.connectionLogger = logger
    }

    /// The connection's logger with this request's correlation id, made
    /// when a handler logs (most never do).
    var logger: Logger {
        var logger = connectionLogger
        logger[metadataKey: "correlation"] = "\(request.correlationID)"
        return logger
    }

    /// The caller as the store knows them now; every authorised request
    /// starts here.
    func caller() async throws -> Caller {
        try await Caller.load(request, store: store, runtime: runtime)
    }

    /// The caller's session. The state machine already refuses anonymous
    /// requests where a session is needed; this keeps handlers correct on
    /// their own.
    func requireSession() throws(WireError) -> Session {
        guard let session = request.session else {
            throw WireError.loginRequired
        }
        return session
    }

    /// Where this request's password work queues: connections that already
    /// failed a login wait behind everybody else.
    var kdfOrigin: Authenticator.Origin {
        let address = request.peer.split(separator: ":").dropLast().joined(separator: ":")
        return Authenticator.Origin(lane: request.failedLoginsOnConnection > 0 ? .suspect : .normal, address: address)
    }

    /// Login: the connection carries `session` once the answer is sent.
    func openSession(_ session: Session) {
        sessionChange.withLockedValue { $0 = .opened(session) }
    }

    /// Logout: the connection is anonymous once the answer is sent.
    func closeSession() {
        sessionChange.withLockedValue { $0 = .closed }
    }

    /// What the handler asked of the session, read by the dispatcher.
    var requestedSessionChange: SessionChange? { sessionChange.withLockedValue { $0 } }

    enum SessionChange: Sendable {
        case opened(Session)
        case closed
    }
}
