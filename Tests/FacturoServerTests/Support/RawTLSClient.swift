import FacturoWire
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import SwiftProtobuf
import Testing

/// A TLS client that writes arbitrary bytes and reads back frames: for
/// tests that must send what a well-behaved client never would.
struct RawTLSClient {
    let channel: NIOAsyncChannel<Frame, ByteBuffer>

    static func connect(port: Int, tls: Bool = true) async throws -> RawTLSClient {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(TestPKI.ca))
        let context = try NIOSSLContext(configuration: configuration)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if tls {
                        try sync.addHandler(NIOSSLClientHandler(context: context, serverHostname: nil))
                    }
                    try sync.addHandler(ByteToMessageHandler(FrameDecoder()))
                    return try NIOAsyncChannel<Frame, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return RawTLSClient(channel: channel)
    }

    /// A TLS channel that never reads what the server sends (auto-read off),
    /// for tests of a peer that leaves its answers unread.
    /// Returns once TLS is up: the handshake is the last thing it reads.
    static func connectNeverReading(port: Int) async throws -> any Channel {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(TestPKI.ca))
        let context = try NIOSSLContext(configuration: configuration)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.autoRead, value: false)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: nil))
                    try channel.pipeline.syncOperations.addHandler(ReadUntilTLSHandler(done: channel.eventLoop.makePromise()))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let handler = try await channel.pipeline.handler(type: ReadUntilTLSHandler.self).get()
        try await handler.done.futureResult.get()
        return channel
    }

    /// A valid handshake request for protocol version 1.
    static func handshake(id: UInt32 = 1) -> Frame {
        Frame(kind: .request, messageType: SessionCatalogue.handshake.messageType, correlationID: id, message: Facturo_V1_HandshakeRequest.with {
            $0.minVersion = 1
            $0.maxVersion = 1
        })
    }

    static func bytes(_ frames: Frame...) -> ByteBuffer {
        var buffer = ByteBuffer()
        for frame in frames { try! FrameEncoder.write(frame, to: &buffer) }
        return buffer
    }

    /// Writes `bytes`, then collects every frame until the server closes the
    /// connection or `count` frames have arrived, whichever comes first.
    /// With `count` nil it reads until the close.
    func exchange(_ bytes: ByteBuffer, expecting count: Int? = nil) async throws -> (frames: [Frame], closed: Bool) {
        try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(bytes)
            var frames: [Frame] = []
            do {
                for try await frame in inbound {
                    frames.append(frame)
                    if let count, frames.count == count { return (frames, false) }
                }
            } catch {
                // A TLS close_notify-less shutdown or a reset still means closed.
            }
            return (frames, true)
        }
    }
}

/// Reads only until the TLS handshake completes, then never again.
final class ReadUntilTLSHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let done: EventLoopPromise<Void>
    private let tlsUp = NIOLockedValueBox(false)

    init(done: EventLoopPromise<Void>) { self.done = done }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { context.read() }
    }

    func channelActive(context: ChannelHandlerContext) {
        context.read()
        context.fireChannelActive()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if !tlsUp.withLockedValue({ $0 }) { context.read() }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls {
            tlsUp.withLockedValue { $0 = true }
            done.succeed()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        done.fail(ChannelError.ioOnClosedChannel)
        context.fireChannelInactive()
    }
}

extension RawTLSClient {
    /// One open connection in a test's hands: write bytes when it likes,
    /// read frames one at a time, and see the close.
    struct Session {
        var inbound: NIOAsyncChannelInboundStream<Frame>.AsyncIterator
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

        func send(_ bytes: ByteBuffer) async throws { try await outbound.write(bytes) }

        /// The next frame, or nil once the server has closed the connection.
        mutating func next() async -> Frame? {
            do { return try await inbound.next() } catch { return nil }
        }
    }

    /// Runs `body` with the connection open; closes it afterwards.
    func session<T: Sendable>(_ body: (inout Session) async throws -> T) async throws -> T {
        try await channel.executeThenClose { inbound, outbound in
            var session = Session(inbound: inbound.makeAsyncIterator(), outbound: outbound)
            return try await body(&session)
        }
    }

    /// Frame bytes for a request with this payload message.
    static func request(_ type: MessageType, id: UInt32, _ message: some SwiftProtobuf.Message) -> Frame {
        Frame(kind: .request, messageType: type, correlationID: id, message: message)
    }
}

/// Waits, polling, until `condition` holds: for state the server changes
/// on its own event loops (a connection closed) with no event to await.
/// Fails after `seconds`.
func eventually(within seconds: Double = 20, _ what: String, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("not reached within \(seconds) s: \(what)")
}

extension Frame {
    /// The error body, for assertions.
    var wireError: WireError? {
        guard kind == .error, let body = try? decode(Facturo_V1_ErrorBody.self) else { return nil }
        return WireError(body: body)
    }
}
