import FacturoWire
import Crypto
import FacturoDomain
import Foundation
import Logging
import NIOCore
import NIOSSL
import NIOTLS

/// Asks a connection to finish its requests and close (graceful shutdown).
public struct DrainConnectionEvent: Sendable {
    public var notice: String
    public init(notice: String) { self.notice = notice }
}

/// Asks a connection to tell its user why, then close: an administrator
/// closed the session (`AUTH_SESSION_CLOSED`), or its account was just
/// deactivated or revoked (`AUTH_ACCOUNT_DISABLED`).
struct CloseSessionEvent: Sendable {
    var code: ErrorCode = .sessionClosed
    var notice: String
}

/// The thin NIO side of a server connection: it feeds channel events to
/// `ConnectionStateMachine` and performs the actions it returns. All
/// protocol decisions are the state machine's; this type does the I/O,
/// the timers, and the bound on what a peer leaves unread.
final class ConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = Frame
    typealias OutboundIn = Frame
    typealias OutboundOut = Frame

    /// Time left to a peer to take a fatal error before the socket is
    /// closed anyway (a peer that reads nothing would hold it forever).
    static let fatalWriteDeadline: TimeAmount = .seconds(2)
    /// How long, once a fatal error is written, what the peer still sends
    /// is read and dropped before closing (unless the peer closes first).
    /// Closing a socket with unread input makes the kernel reset the
    /// connection, and the peer's kernel may then drop the fatal error
    /// before the peer reads it: a client that had just sent its handshake
    /// saw "connection closed" instead of SERVER_TOO_MANY_CONNECTIONS.
    static let lingerAfterFatal: TimeAmount = .milliseconds(500)

    private var stateMachine: ConnectionStateMachine
    private let limits: ConnectionLimits
    private let dispatcher: RequestDispatcher
    private let registry: ConnectionRegistry
    private let frameLimit: FrameLengthLimit
    /// Shared by every connection: the payloads of requests being worked on.
    private let inFlightBudget: InboundByteBudget?
    /// Nil when the connection was accepted within the connection limit;
    /// otherwise the limit, to refuse it with once TLS is up.
    private let overCapacity: Int?
    private var logger: Logger
    private var peer = "unknown"
    private var clientCertificateSubject: String?
    private var clientCertificateFingerprint: CertificateFingerprint?
    private var tlsEstablished = false
    /// A read the channel asked for while reading was held back.
    private var pendingRead = false
    /// Set once the connection is ending: nothing more is read.
    private var readingStopped = false
    /// After a fatal error: input is read and dropped until the close.
    private var discardingInput = false
    private var drainDeadlineScheduled = false
    private var handshakeDeadline: Scheduled<Void>?
    private var loginDeadline: Scheduled<Void>?
    /// Bytes written and not yet taken by the socket.
    private var unsentBytes = 0
    /// When the socket last took some of them.
    private var lastProgress = NIODeadline.now()
    private var stallCheck: Scheduled<Void>?
    private var closingDeadlineScheduled = false
    /// The tasks running this connection's requests, for Cancel.
    private var running: [UInt32: Task<RequestOutcome, Never>] = [:]
    private var taskExecutor: EventLoopTaskExecutor?

    init(
        limits: ConnectionLimits, identity: ConnectionStateMachine.ServerIdentity, dispatcher: RequestDispatcher,
        registry: ConnectionRegistry, frameLimit: FrameLengthLimit, inFlightBudget: InboundByteBudget? = nil,
        overCapacity: Int? = nil, logger: Logger
    ) {
        self.inFlightBudget = inFlightBudget
        self.stateMachine = ConnectionStateMachine(limits: limits, identity: identity)
        self.limits = limits
        self.dispatcher = dispatcher
        self.registry = registry
        self.frameLimit = frameLimit
        self.overCapacity = overCapacity
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        peer = context.channel.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "unknown"
        logger[metadataKey: "peer"] = "\(peer)"
        frameLimit.set(limits.maxFrameLengthBeforeLogin, anonymous: true)
        if context.channel.isActive { scheduleHandshakeDeadline(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        logger.debug("connection opened")
        scheduleHandshakeDeadline(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if discardingInput { return }
        // Answers written here are flushed once per read batch, in
        // channelReadComplete: pipelined requests share a syscall.
        perform(stateMachine.frameReceived(unwrapInboundIn(data)), context: context, flush: false)
        if !stateMachine.isAwaitingHandshake, let deadline = handshakeDeadline {
            deadline.cancel()
            handshakeDeadline = nil
            scheduleLoginDeadline(context: context)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stateMachine.channelClosed()
        handshakeDeadline?.cancel()
        loginDeadline?.cancel()
        stallCheck?.cancel()
        // Nobody is left to hear the answers: stop the work.
        for task in running.values { task.cancel() }
        logger.debug("connection closed")
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, pendingRead, !readingStopped {
            pendingRead = false
            context.read()
        }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let drain as DrainConnectionEvent:
            perform(stateMachine.drainRequested(notice: drain.notice, now: Date()), context: context)
            // Requests that outlive the grace period are cut off.
            if !drainDeadlineScheduled {
                drainDeadlineScheduled = true
                context.eventLoop.assumeIsolated().scheduleTask(in: limits.shutdownGracePeriod) { [channel = context.channel] in
                    channel.close(promise: nil)
                }
            }
        case let push as PushEventFrameEvent:
            perform(stateMachine.eventRequested(push.frame, for: push.recipient), context: context)
        case let close as CloseSessionEvent:
            logger.notice("session ended by the server", metadata: ["code": "\(close.code)"])
            perform(stateMachine.closeRequested(code: close.code, notice: close.notice, now: Date()), context: context)
        case let idle as IdleStateHandler.IdleStateEvent where idle == .read:
            let actions = stateMachine.idleTimeoutFired()
            if !actions.isEmpty { logger.info("closing idle connection") }
            perform(actions, context: context)
        case let tls as TLSUserEvent:
            if case .handshakeCompleted = tls {
                tlsEstablished = true
                clientCertificateSubject = Self.peerCertificateSubject(context)
                clientCertificateFingerprint = Self.peerCertificateFingerprint(context)
                if let overCapacity {
                    logger.warning("connection refused: connection limit reached", metadata: ["maxConnections": "\(overCapacity)"])
                    perform(stateMachine.refuseOverCapacity(maxConnections: overCapacity), context: context)
                }
            }
            context.fireUserInboundEventTriggered(event)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let codecError = error as? FrameCodecError {
            // Input after a fatal error is dropped, malformed or not.
            if discardingInput { return }
            logger.warning("malformed input from client", metadata: ["error": "\(codecError.message)"])
            perform(stateMachine.decodingFailed(codecError), context: context)
            return
        }
        // TLS failures (plaintext client, unknown CA, missing client
        // certificate) and socket errors: log and drop this connection only.
        if let tlsError = error as? NIOSSLError, case .uncleanShutdown = tlsError {
            // A peer closing its socket without TLS close_notify: common and
            // harmless (the frames were complete or are dropped).
            logger.debug("peer closed without TLS close_notify")
        } else if error is NIOSSLError || error is BoringSSLError {
            if tlsEstablished {
                logger.notice("TLS error", metadata: ["error": "\(error)"])
            } else {
                logger.notice("TLS handshake failed", metadata: ["error": "\(error)"])
            }
        } else if let ioError = error as? IOError, ioError.errnoCode == ECONNRESET || ioError.errnoCode == EPIPE {
            logger.debug("connection reset by peer")
        } else if error is ByteToMessageDecoderError {
            logger.debug("connection closed in the middle of a frame")
        } else {
            logger.warning("connection error", metadata: ["error": "\(error)"])
        }
        stateMachine.channelClosed()
        context.close(promise: nil)
    }

    /// Back-pressure: while the peer leaves answers unread (the channel is
    /// not writable) or the connection is ending, hold the channel's read
    /// requests instead of passing them to the socket.
    func read(context: ChannelHandlerContext) {
        if discardingInput {
            context.read()
        } else if readingStopped || !context.channel.isWritable {
            pendingRead = true
        } else {
            context.read()
        }
    }

    // MARK: Performing actions

    private func perform(_ actions: [ConnectionStateMachine.Action], context: ChannelHandlerContext, flush: Bool = true) {
        defer { if flush { context.flush() } }
        for action in actions {
            switch action {
            case let .send(frame):
                write(frame, context: context)
            case let .sendAndClose(frame):
                if let error = try? frame.decode(Facturo_V1_ErrorBody.self) {
                    logger.info("closing connection on fatal error", metadata: ["code": "\(error.code)"])
                }
                readingStopped = true
                discardingInput = true
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(frame)).whenComplete { _ in
                    channel.read()
                    channel.eventLoop.scheduleTask(in: Self.lingerAfterFatal) { channel.close(promise: nil) }
                }
                // A peer that reads nothing would keep the write pending.
                context.eventLoop.scheduleTask(in: Self.fatalWriteDeadline) { channel.close(promise: nil) }
            case .close:
                readingStopped = true
                context.flush()
                context.close(promise: nil)
            case let .dispatch(frame, session):
                dispatch(frame, session: session, context: context)
            case let .cancel(correlationID):
                running[correlationID]?.cancel()
            case .stopReading:
                readingStopped = true
                // The requests still owed an answer get the grace period.
                if !closingDeadlineScheduled {
                    closingDeadlineScheduled = true
                    let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                    context.eventLoop.scheduleTask(in: limits.shutdownGracePeriod) {
                        let (handler, context) = loopBound.value
                        for task in handler.running.values { task.cancel() }
                        handler.perform(handler.stateMachine.closingDeadlineFired(), context: context)
                    }
                }
            case let .setFrameLimit(length):
                frameLimit.set(length, anonymous: stateMachine.session == nil)
                // A session opened: no deadline; closed (logout): a new one.
                if stateMachine.session == nil {
                    scheduleLoginDeadline(context: context)
                } else {
                    loginDeadline?.cancel()
                    loginDeadline = nil
                }
            }
        }
    }

    /// Writes a frame, counting its bytes until the socket has taken them:
    /// a peer that leaves more than `maxUnsentBytes` waiting and takes none
    /// of them for `outputStallTimeout` is not reading, and is closed. (A
    /// slow reader that makes progress is not; what it can make the server
    /// hold is bounded anyway: reading stops while the socket is full, so
    /// only answers already in flight and pushed events add up.)
    private func write(_ frame: Frame, context: ChannelHandlerContext) {
        let size = Frame.lengthFieldSize + frame.lengthFieldValue
        unsentBytes += size
        let promise = context.eventLoop.makePromise(of: Void.self)
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        promise.futureResult.whenComplete { _ in
            loopBound.value.unsentBytes -= size
            loopBound.value.lastProgress = .now()
        }
        context.write(wrapOutboundOut(frame), promise: promise)
        if unsentBytes > 4 * limits.maxUnsentBytes {
            // Far beyond: no waiting for progress, the memory matters more.
            closeUnread(context: context)
        } else if unsentBytes > limits.maxUnsentBytes, stallCheck == nil {
            scheduleStallCheck(context: context)
        }
    }

    /// Nothing more can be said to a peer that does not read: close, silently.
    private func closeUnread(context: ChannelHandlerContext) {
        logger.warning("closing connection: the client does not read its answers", metadata: ["unsentBytes": "\(unsentBytes)"])
        stateMachine.channelClosed()
        readingStopped = true
        context.close(promise: nil)
    }

    private func scheduleStallCheck(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        stallCheck = context.eventLoop.scheduleTask(in: limits.outputStallTimeout) {
            let (handler, context) = loopBound.value
            handler.stallCheck = nil
            guard handler.unsentBytes > handler.limits.maxUnsentBytes else { return }
            if NIODeadline.now() - handler.lastProgress >= handler.limits.outputStallTimeout {
                handler.closeUnread(context: context)
            } else {
                handler.scheduleStallCheck(context: context)
            }
        }
    }

    /// TLS and the protocol handshake must be done within the deadline: a
    /// socket that never speaks would otherwise hold a descriptor forever.
    private func scheduleHandshakeDeadline(context: ChannelHandlerContext) {
        guard handshakeDeadline == nil, stateMachine.isAwaitingHandshake else { return }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        // A refused connection is told why within a short deadline, not the full one.
        let deadline = overCapacity == nil ? limits.handshakeTimeout : min(limits.handshakeTimeout, .seconds(2))
        handshakeDeadline = context.eventLoop.scheduleTask(in: deadline) {
            let (handler, context) = loopBound.value
            guard handler.stateMachine.isAwaitingHandshake else { return }
            if handler.tlsEstablished {
                handler.logger.info("closing connection: no protocol handshake in time")
                handler.perform(handler.stateMachine.handshakeTimeoutFired(), context: context)
            } else {
                handler.logger.info("closing connection: TLS handshake not completed in time")
                handler.stateMachine.channelClosed()
                context.close(promise: nil)
            }
        }
    }

    /// A connection without a session is closed after `loginTimeout`.
    private func scheduleLoginDeadline(context: ChannelHandlerContext, after delay: TimeAmount? = nil) {
        loginDeadline?.cancel()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        loginDeadline = context.eventLoop.scheduleTask(in: delay ?? limits.loginTimeout) {
            let (handler, context) = loopBound.value
            handler.loginDeadline = nil
            guard let actions = handler.stateMachine.loginTimeoutFired() else {
                // A login is queued for the KDF: look again shortly.
                handler.scheduleLoginDeadline(context: context, after: .seconds(1))
                return
            }
            if !actions.isEmpty { handler.logger.info("closing connection: no login in time") }
            handler.perform(actions, context: context)
        }
    }

    private func dispatch(_ frame: Frame, session: Session?, context: ChannelHandlerContext) {
        // Requests without a session (handshake, logins) are bounded by the
        // small pre-login frame limit instead, and a login refused here
        // could be taken for its connection's last chance.
        let payloadBytes = session == nil ? 0 : frame.payload.readableBytes
        if let inFlightBudget, payloadBytes > 0, !inFlightBudget.reserve(payloadBytes) {
            // Answered at once without running it: retryable, the
            // connection stays open (this is not the peer's fault alone).
            let busy = WireError(.busy, "le serveur traite déjà trop de données ; réessayez dans un instant", retryable: true)
            perform(stateMachine.requestCompleted(correlationID: frame.correlationID, messageType: frame.messageType, outcome: .failure(busy)), context: context)
            return
        }
        let request = InboundRequest(
            correlationID: frame.correlationID,
            messageType: frame.messageType,
            payload: frame.payload,
            session: session,
            peer: peer,
            clientCertificateSubject: clientCertificateSubject,
            clientCertificateFingerprint: clientCertificateFingerprint,
            failedLoginsOnConnection: stateMachine.failedLogins
        )
        let dispatcher = self.dispatcher
        // The request's correlation id joins the metadata only when a line
        // is logged (`RequestContext.logger`): setting it on every request
        // cost 7 % of a ping.
        let logger = self.logger
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let correlationID = request.correlationID, messageType = request.messageType
        let inFlightBudget = self.inFlightBudget
        @Sendable func complete(_ outcome: RequestOutcome) {
            inFlightBudget?.release(payloadBytes)
            let (handler, context) = loopBound.value
            handler.running[correlationID] = nil
            let before = handler.stateMachine.session
            let actions = handler.stateMachine.requestCompleted(correlationID: correlationID, messageType: messageType, outcome: outcome)
            if handler.stateMachine.session != before {
                handler.registry.update(context.channel, session: handler.stateMachine.session)
                if let session = handler.stateMachine.session { handler.dispatcher.sessionRegistered(session) }
            }
            handler.perform(actions, context: context)
        }
        let executor: EventLoopTaskExecutor? = dispatcher.runsOnEventLoop(messageType) ? loopExecutor(eventLoop) : nil
        // Either way the task's completion is queued behind this call, so
        // `running` holds the task before it can complete.
        let task = Task(executorPreference: executor) { [logger] in
            let outcome = await dispatcher.handle(request, logger: logger)
            if eventLoop.inEventLoop { complete(outcome) } else { eventLoop.execute { complete(outcome) } }
            return outcome
        }
        running[correlationID] = task
    }

    /// The task executor of this connection's event loop, made once.
    private func loopExecutor(_ eventLoop: any EventLoop) -> EventLoopTaskExecutor {
        if let taskExecutor { return taskExecutor }
        let made = EventLoopTaskExecutor(eventLoop)
        taskExecutor = made
        return made
    }

    /// SHA-256 of the verified peer certificate's DER bytes: what technical
    /// accounts are bound to.
    private static func peerCertificateFingerprint(_ context: ChannelHandlerContext) -> CertificateFingerprint? {
        guard let tls = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self),
              let certificate = tls.peerCertificate,
              let der = try? certificate.toDERBytes()
        else { return nil }
        return CertificateFingerprint(digest: SHA256.hash(data: der))
    }

    private static func peerCertificateSubject(_ context: ChannelHandlerContext) -> String? {
        guard let tls = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self),
              let certificate = tls.peerCertificate
        else { return nil }
        // NIOSSL exposes the common name only through the description
        // ("<NIOSSLCertificate;serial_number=…;common_name=…>").
        let description = "\(certificate)"
        guard let range = description.range(of: ";common_name=") else { return description }
        let rest = description[range.upperBound...]
        return "CN=" + String(rest.prefix { $0 != ";" && $0 != ">" })
    }
}
