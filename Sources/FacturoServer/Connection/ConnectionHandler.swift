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

/// Asks a connection to tell its user why, then close (administrator action).
struct CloseSessionEvent: Sendable {
    var notice: String
}

/// The thin NIO side of a server connection: it feeds channel events to
/// `ConnectionStateMachine` and performs the actions it returns. All
/// decisions are the state machine's; this type only does I/O and hands
/// requests to the dispatcher off the event loop.
final class ConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = Frame
    typealias OutboundIn = Frame
    typealias OutboundOut = Frame

    private var stateMachine: ConnectionStateMachine
    private let dispatcher: RequestDispatcher
    private let registry: ConnectionRegistry
    private var logger: Logger
    private var peer = "unknown"
    private var clientCertificateSubject: String?
    private var clientCertificateFingerprint: CertificateFingerprint?
    /// A read the channel asked for while the state machine had paused reading.
    private var pendingRead = false
    private var drainDeadlineScheduled = false
    /// The tasks running this connection's requests, for Cancel.
    private var running: [UInt32: Task<RequestOutcome, Never>] = [:]
    private let gracePeriod: TimeAmount

    init(limits: ConnectionLimits, identity: ConnectionStateMachine.ServerIdentity, dispatcher: RequestDispatcher, registry: ConnectionRegistry, logger: Logger) {
        self.stateMachine = ConnectionStateMachine(limits: limits, identity: identity)
        self.dispatcher = dispatcher
        self.registry = registry
        self.logger = logger
        self.gracePeriod = limits.shutdownGracePeriod
    }

    func handlerAdded(context: ChannelHandlerContext) {
        peer = context.channel.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "unknown"
        logger[metadataKey: "peer"] = "\(peer)"
    }

    func channelActive(context: ChannelHandlerContext) {
        logger.debug("connection opened")
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Answers written here are flushed once per read batch, in
        // channelReadComplete: pipelined requests share a syscall.
        perform(stateMachine.frameReceived(unwrapInboundIn(data)), context: context, flush: false)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stateMachine.channelClosed()
        // Nobody is left to hear the answers: stop the work.
        for task in running.values { task.cancel() }
        logger.debug("connection closed")
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let drain as DrainConnectionEvent:
            perform(stateMachine.drainRequested(notice: drain.notice, now: Date()), context: context)
            // Requests that outlive the grace period are cut off.
            if !drainDeadlineScheduled {
                drainDeadlineScheduled = true
                context.eventLoop.assumeIsolated().scheduleTask(in: gracePeriod) { [channel = context.channel] in
                    channel.close(promise: nil)
                }
            }
        case let push as PushEventFrameEvent:
            perform(stateMachine.eventRequested(push.frame, for: push.recipient), context: context)
        case let close as CloseSessionEvent:
            logger.notice("session closed by an administrator")
            perform(stateMachine.closeRequested(notice: close.notice, now: Date()), context: context)
        case let idle as IdleStateHandler.IdleStateEvent where idle == .read:
            let actions = stateMachine.idleTimeoutFired()
            if !actions.isEmpty { logger.info("closing idle connection") }
            perform(actions, context: context)
        case let tls as TLSUserEvent:
            if case .handshakeCompleted = tls {
                clientCertificateSubject = Self.peerCertificateSubject(context)
                clientCertificateFingerprint = Self.peerCertificateFingerprint(context)
            }
            context.fireUserInboundEventTriggered(event)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let codecError = error as? FrameCodecError {
            logger.warning("malformed input from client", metadata: ["error": "\(codecError.message)"])
            perform(stateMachine.decodingFailed(codecError), context: context)
            return
        }
        // TLS failures (plaintext client, unknown CA, missing client
        // certificate) and socket errors: log and drop this connection only.
        if error is NIOSSLError || error is BoringSSLError {
            logger.notice("TLS handshake failed", metadata: ["error": "\(error)"])
        } else if let ioError = error as? IOError, ioError.errnoCode == ECONNRESET {
            logger.debug("connection reset by peer")
        } else if error is ByteToMessageDecoderError {
            logger.debug("connection closed in the middle of a frame")
        } else {
            logger.warning("connection error", metadata: ["error": "\(error)"])
        }
        stateMachine.channelClosed()
        context.close(promise: nil)
    }

    /// Back-pressure: while the state machine has paused reading, hold the
    /// channel's read requests instead of passing them to the socket.
    func read(context: ChannelHandlerContext) {
        if stateMachine.isReadingPaused {
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
                context.write(wrapOutboundOut(frame), promise: nil)
            case let .sendAndClose(frame):
                if let error = try? frame.decode(Facturo_V1_ErrorBody.self) {
                    logger.info("closing connection on fatal error", metadata: ["code": "\(error.code)"])
                }
                context.writeAndFlush(wrapOutboundOut(frame)).whenComplete { [channel = context.channel] _ in
                    channel.close(promise: nil)
                }
            case .close:
                context.flush()
                context.close(promise: nil)
            case let .dispatch(frame, session):
                dispatch(frame, session: session, context: context)
            case let .cancel(correlationID):
                running[correlationID]?.cancel()
            case .pauseReading:
                break // read(context:) consults the state machine
            case .resumeReading:
                if pendingRead {
                    pendingRead = false
                    context.read()
                }
            }
        }
    }

    private func dispatch(_ frame: Frame, session: Session?, context: ChannelHandlerContext) {
        let request = InboundRequest(
            correlationID: frame.correlationID,
            messageType: frame.messageType,
            payload: frame.payload,
            session: session,
            peer: peer,
            clientCertificateSubject: clientCertificateSubject,
            clientCertificateFingerprint: clientCertificateFingerprint
        )
        let dispatcher = self.dispatcher
        var logger = self.logger
        logger[metadataKey: "correlation"] = "\(frame.correlationID)"
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let task = Task { [logger] in await dispatcher.handle(request, logger: logger) }
        running[request.correlationID] = task
        context.eventLoop.makeFutureWithTask { await task.value }.whenSuccess { outcome in
            let (handler, context) = loopBound.value
            handler.running[request.correlationID] = nil
            let before = handler.stateMachine.session
            let actions = handler.stateMachine.requestCompleted(correlationID: request.correlationID, messageType: request.messageType, outcome: outcome)
            if handler.stateMachine.session != before {
                handler.registry.update(context.channel, session: handler.stateMachine.session)
            }
            handler.perform(actions, context: context)
        }
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
