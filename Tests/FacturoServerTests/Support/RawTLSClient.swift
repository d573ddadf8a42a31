import FacturoWire
import NIOCore
import NIOPosix
import NIOSSL

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

extension Frame {
    /// The error body, for assertions.
    var wireError: WireError? {
        guard kind == .error, let body = try? decode(Facturo_V1_ErrorBody.self) else { return nil }
        return WireError(body: body)
    }
}
