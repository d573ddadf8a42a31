import FacturoWire
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import SwiftProtobuf
import Foundation

/// One authenticated-or-not connection to a Facturo server.
///
/// `connect` does TCP, TLS and the protocol handshake; after that, calls
/// may be made concurrently from any task: they are pipelined on the one
/// connection and matched to their answers by correlation id.
public final class FacturoConnection: Sendable {
    /// The server's handshake answer: version, identity and limits.
    public let handshake: Facturo_V1_HandshakeResponse
    /// Events pushed by the server, in arrival order; finishes when the
    /// connection closes.
    public let events: AsyncStream<ServerEvent>

    private let channel: any Channel
    private let limiter: InFlightLimiter
    private let closing: NIOLockedValueBox<ClientError?>
    /// Correlation ids are chosen here (not in the channel handler) so that
    /// a call knows its own id and can cancel it.
    private let correlationIDs = CorrelationIDs()
    /// Whether a session is open: the server accepts longer frames then.
    private let loggedIn = NIOLockedValueBox(false)

    private init(channel: any Channel, handshake: Facturo_V1_HandshakeResponse, events: AsyncStream<ServerEvent>, closing: NIOLockedValueBox<ClientError?>) {
        self.channel = channel
        self.closing = closing
        self.handshake = handshake
        self.events = events
        self.limiter = InFlightLimiter(limit: Int(handshake.limits.maxInFlight))
    }

    /// Connects, negotiates TLS and the protocol version.
    public static func connect(
        _ configuration: ClientConfiguration,
        versions: ClosedRange<UInt32> = ProtocolVersion.supported,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> FacturoConnection {
        let sslContext: NIOSSLContext
        do {
            sslContext = try configuration.makeTLSContext()
        } catch {
            throw ClientError.tls("fichiers TLS illisibles : \(error)")
        }
        let (stream, continuation) = AsyncStream.makeStream(of: ServerEvent.self, bufferingPolicy: .bufferingNewest(1024))
        let closing = NIOLockedValueBox<ClientError?>(nil)
        let hostname = configuration.serverHostname
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(configuration.connectTimeout)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let sync = channel.pipeline.syncOperations
                        try sync.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: hostname))
                        try sync.addHandler(ByteToMessageHandler(FrameDecoder()))
                        try sync.addHandler(MessageToByteHandler(FrameEncoder()))
                        try sync.addHandler(ClientChannelHandler(events: continuation, closing: closing))
                    }
                }
                .connect(host: configuration.host, port: configuration.port)
                .get()
        } catch {
            throw ClientError.connectFailed("\(configuration.host):\(configuration.port): \(error)")
        }
        let request = Facturo_V1_HandshakeRequest.with {
            $0.minVersion = versions.lowerBound
            $0.maxVersion = versions.upperBound
            $0.clientName = configuration.clientName
        }
        // A peer that accepts TLS but never answers the handshake (not a
        // Facturo server) must not hang the client: closing the channel
        // fails the pending handshake with connectionClosed.
        let watchdog = channel.eventLoop.scheduleTask(in: configuration.connectTimeout) {
            channel.close(promise: nil)
        }
        defer { watchdog.cancel() }
        do {
            let frame = try await send(on: channel, id: 1, SessionCatalogue.handshake.messageType, ByteBuffer(message: request))
            let handshake = try decodeAnswer(frame, as: Facturo_V1_HandshakeResponse.self)
            return FacturoConnection(channel: channel, handshake: handshake, events: stream, closing: closing)
        } catch {
            channel.close(promise: nil)
            throw error
        }
    }

    /// Sends `request` as the request type `descriptor` names and returns its
    /// typed response; an error answer throws `ClientError.server`.
    public func call<Request, Response>(_ descriptor: RequestDescriptor<Request, Response>, _ request: Request) async throws -> Response {
        try await Self.decodeAnswer(callRaw(descriptor.messageType, ByteBuffer(message: request)), as: Response.self)
    }

    /// Every page of a paged list, as one answer: asks page after page
    /// (the largest pages unless `request` names a limit), each from the
    /// cursor the previous one gave, until the last. The answer's
    /// `next_cursor` is empty and its `total` the last page's.
    public func callAllPages<Request: PagedListRequest, Response: PagedListResponse>(
        _ descriptor: RequestDescriptor<Request, Response>, _ request: Request
    ) async throws -> Response {
        var request = request
        if request.limit == 0 { request.limit = Self.largestPage }
        var whole = try await call(descriptor, request)
        var seen: Set<String> = []
        while !whole.nextCursor.isEmpty {
            // A cursor seen before would loop forever: a server bug.
            guard seen.insert(whole.nextCursor).inserted else {
                throw ClientError.protocolViolation("\(descriptor.name): a page cursor came back")
            }
            request.cursor = whole.nextCursor
            let page = try await call(descriptor, request)
            whole.appendPage(page)
            whole.nextCursor = page.nextCursor
            whole.total = page.total
        }
        return whole
    }

    /// The most items a paged list gives at once (PROTOCOL.md, "Paged lists").
    public static let largestPage: UInt32 = 1_000

    /// Sends a raw payload and returns the answer frame as received (tests
    /// use this to send deliberately wrong payloads).
    ///
    /// Cancelling the calling task sends a Cancel for this request; the call
    /// still returns the server's final answer, which is `REQUEST_CANCELLED`
    /// or, if the work was already done, its real result.
    public func callRaw(_ type: MessageType, _ payload: ByteBuffer) async throws -> Frame {
        // Refused here rather than by the server, which would close the
        // connection on a length prefix above its maximum.
        let length = Frame.headerSizeAfterLength + payload.readableBytes
        let maximum = maximumRequestLength
        guard length <= maximum else { throw ClientError.requestTooLarge(length: length, maximum: maximum) }
        await limiter.acquire()
        let id = correlationIDs.next()
        let channel = self.channel
        do {
            let frame = try await withTaskCancellationHandler {
                try await Self.send(on: channel, id: id, type, payload, closing: closing)
            } onCancel: {
                let cancel = ByteBuffer(message: Facturo_V1_CancelRequest.with { $0.correlationID = id })
                channel.writeAndFlush(OutboundRequest(correlationID: self.correlationIDs.next(), messageType: SessionCatalogue.cancel.messageType, payload: cancel, promise: nil), promise: nil)
            }
            await limiter.release()
            return frame
        } catch {
            await limiter.release()
            throw error
        }
    }

    /// The longest frame the server accepts from this connection now: the
    /// announced maximum once logged in, the pre-login one before.
    public var maximumRequestLength: Int {
        let limits = handshake.limits
        let afterLogin = limits.maxFrameLength == 0 ? Frame.defaultMaximumLength : Int(limits.maxFrameLength)
        guard !loggedIn.withLockedValue({ $0 }), limits.maxFrameLengthBeforeLogin != 0 else { return afterLogin }
        return min(afterLogin, Int(limits.maxFrameLengthBeforeLogin))
    }

    public func ping(_ data: [UInt8] = []) async throws -> Facturo_V1_PingResponse {
        try await call(SessionCatalogue.ping, .with { $0.data = Data(data) })
    }

    public func login(email: String, password: String) async throws -> Facturo_V1_LoginResponse {
        let response = try await call(SessionCatalogue.login, .with {
            $0.email = email
            $0.password = password
        })
        loggedIn.withLockedValue { $0 = true }
        return response
    }

    /// Logs in as the technical account bound to this connection's client certificate.
    /// `account`: the technical account's e-mail, needed only when several
    /// accounts wait for this certificate.
    public func loginWithCertificate(account: String = "") async throws -> Facturo_V1_LoginResponse {
        let response = try await call(SessionCatalogue.certificateLogin, Facturo_V1_CertificateLoginRequest.with { $0.email = account })
        loggedIn.withLockedValue { $0 = true }
        return response
    }

    public func logout() async throws {
        // Lowered before sending: the server lowers its limit as it answers,
        // so nothing longer may be sent meanwhile.
        loggedIn.withLockedValue { $0 = false }
        _ = try await call(SessionCatalogue.logout, Facturo_V1_LogoutRequest())
    }

    public func whoAmI() async throws -> Facturo_V1_WhoAmIResponse {
        try await call(SessionCatalogue.whoAmI, Facturo_V1_WhoAmIRequest())
    }

    /// The event loop the connection's I/O runs on (to run a busy caller
    /// there with `EventLoopTaskExecutor`).
    public var eventLoop: any EventLoop { channel.eventLoop }

    /// Closes the connection; pending calls fail with `connectionClosed`.
    public func close() async {
        try? await channel.close()
    }

    /// Whether the connection is still usable: open, and not condemned by a
    /// fatal error already received.
    public var isActive: Bool { channel.isActive && closing.withLockedValue { $0 } == nil }

    /// Why the connection ended, when the server said (a fatal error such
    /// as `AUTH_ACCOUNT_DISABLED`) or the transport failed; nil while open.
    public var closeReason: ClientError? { closing.withLockedValue { $0 } }

    private static func send(on channel: any Channel, id: UInt32, _ type: MessageType, _ payload: ByteBuffer, closing: NIOLockedValueBox<ClientError?>? = nil) async throws -> Frame {
        let promise = channel.eventLoop.makePromise(of: Frame.self)
        channel.writeAndFlush(OutboundRequest(correlationID: id, messageType: type, payload: payload, promise: promise)).whenFailure { error in
            // On a closed channel, the server's reason for the close is the answer.
            promise.fail(error is ClientError ? error : closing?.withLockedValue { $0 } ?? ClientError.connectionClosed)
        }
        return try await promise.futureResult.get()
    }

    private static func decodeAnswer<Response: SwiftProtobuf.Message>(_ frame: Frame, as: Response.Type) throws -> Response {
        switch frame.kind {
        case .response:
            do {
                return try frame.decode(Response.self)
            } catch {
                throw ClientError.protocolViolation("undecodable \(Response.protoMessageName)")
            }
        case .error:
            guard let body = try? frame.decode(Facturo_V1_ErrorBody.self) else {
                throw ClientError.protocolViolation("undecodable error body")
            }
            throw ClientError.server(WireError(body: body))
        default:
            throw ClientError.protocolViolation("unexpected \(frame.kind) frame as an answer")
        }
    }
}

/// Non-zero correlation ids, unique among a connection's requests in
/// flight (1 is the handshake's; wrapping after 2^32 - 1 is harmless since
/// far fewer are ever in flight).
final class CorrelationIDs: Sendable {
    private let last = NIOLockedValueBox<UInt32>(1)

    func next() -> UInt32 {
        last.withLockedValue { value in
            value = value == .max ? 2 : value + 1
            return value
        }
    }
}
