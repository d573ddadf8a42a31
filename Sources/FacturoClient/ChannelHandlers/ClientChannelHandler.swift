import FacturoWire
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// A request on its way out, with the promise its final answer completes
/// (nil for fire-and-forget requests such as Cancel, whose answer is dropped).
struct OutboundRequest: Sendable {
    var correlationID: UInt32
    var messageType: MessageType
    var payload: ByteBuffer
    var promise: EventLoopPromise<Frame>?
}

/// Matches answers to requests by correlation id, so any number of
/// requests can be in flight on one connection, and hands pushed events
/// to an `AsyncStream`. Every pending promise is completed exactly once:
/// by its answer, or by the connection's end.
final class ClientChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = Frame
    typealias OutboundIn = OutboundRequest
    typealias OutboundOut = Frame

    private var pending: [UInt32: EventLoopPromise<Frame>] = [:]
    /// Answers to drop: fire-and-forget requests.
    private var ignored: Set<UInt32> = []
    private var failure: ClientError?
    private let events: AsyncStream<ServerEvent>.Continuation
    private let closing: NIOLockedValueBox<ClientError?>

    /// `closing` is set, to why, as soon as the connection is known to be
    /// ending (a fatal error from the server, a transport failure), before
    /// the socket itself reports closed, so callers stop sending on it at
    /// once and later calls fail with the real reason.
    init(events: AsyncStream<ServerEvent>.Continuation, closing: NIOLockedValueBox<ClientError?>) {
        self.events = events
        self.closing = closing
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure {
            request.promise?.fail(failure)
            promise?.fail(failure)
            return
        }
        let id = request.correlationID
        if let answer = request.promise {
            pending[id] = answer
        } else {
            ignored.insert(id)
        }
        let frame = Frame(kind: .request, messageType: request.messageType, correlationID: id, payload: request.payload)
        context.write(wrapOutboundOut(frame), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.kind {
        case .event:
            events.yield(ServerEvent(type: frame.messageType, payload: frame.payload))
        case .response, .error:
            if let promise = pending.removeValue(forKey: frame.correlationID) {
                promise.succeed(frame)
            } else if ignored.remove(frame.correlationID) != nil {
                return
            } else if frame.kind == .error, let body = try? frame.decode(Facturo_V1_ErrorBody.self) {
                // Connection-level error (correlation id 0): it explains the
                // close that follows, so every pending request gets it.
                failAll(.server(WireError(body: body)))
            } else {
                failAll(.protocolViolation("answer for unknown correlation id \(frame.correlationID)"))
                context.close(promise: nil)
            }
        case .request:
            failAll(.protocolViolation("the server sent a request frame"))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(.connectionClosed)
        events.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        switch error {
        case let codec as FrameCodecError:
            failAll(.protocolViolation(codec.message))
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            failAll(.tls("\(error)"))
        default:
            failAll(.transport("\(error)"))
        }
        context.close(promise: nil)
    }

    private func failAll(_ error: ClientError) {
        if failure == nil { failure = error }
        closing.withLockedValue { $0 = $0 ?? failure }
        let promises = pending
        pending.removeAll()
        for promise in promises.values { promise.fail(failure ?? error) }
    }
}
