@testable import FacturoServer
import FacturoStore
import FacturoWire
import Foundation
import Logging
import NIOCore
import NIOEmbedded
import NIOTLS
import Testing

/// The channel handler with NIO's EmbeddedChannel: frames in, frames out,
/// and whether the channel closes.
@Suite struct ConnectionHandlerTests {
    func makeChannel(overCapacity: Int? = nil) throws -> EmbeddedChannel {
        let store = try TestServer.makeStore()
        let runtime = ServerRuntime(serverName: "t", serverVersion: "0", administrationRequiresClientCertificate: false)
        let dispatcher = RequestDispatcher(store: store, authenticator: Authenticator(store: store, hasher: TestServer.hasher), runtime: runtime)
        var logger = Logger(label: "t")
        logger.logLevel = .critical
        let channel = EmbeddedChannel()
        let frameLimit = FrameLengthLimit(256)
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(limit: frameLimit)))
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(FrameEncoder()))
        try channel.pipeline.syncOperations.addHandler(ConnectionHandler(
            limits: ConnectionLimits(maxFrameLength: 256),
            identity: .init(name: "t", version: "0"),
            dispatcher: dispatcher, registry: runtime.registry, frameLimit: frameLimit, overCapacity: overCapacity, logger: logger
        ))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    func outboundFrames(_ channel: EmbeddedChannel) throws -> [Frame] {
        var bytes = ByteBuffer()
        while var chunk = try channel.readOutbound(as: ByteBuffer.self) { bytes.writeBuffer(&chunk) }
        var frames: [Frame] = []
        while let frame = try FrameDecoder.next(from: &bytes) { frames.append(frame) }
        return frames
    }

    @Test func handshakeIsAnsweredOnTheEventLoop() throws {
        let channel = try makeChannel()
        try channel.writeInbound(RawTLSClient.bytes(RawTLSClient.handshake(id: 3)))
        let frames = try outboundFrames(channel)
        #expect(frames.count == 1)
        #expect(frames.first?.kind == .response && frames.first?.correlationID == 3)
        #expect(channel.isActive)
        _ = try? channel.finish()
    }

    @Test func oversizedFrameGetsAFatalErrorAndTheChannelCloses() throws {
        let channel = try makeChannel()
        _ = try? channel.writeInbound(ByteBuffer(bytes: [0, 0, 1, 0x01]))
        let frames = try outboundFrames(channel)
        #expect(frames.map(\.wireError?.code) == [.frameTooLarge])
        // Input is read and dropped a moment first, so that closing resets nothing.
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: ConnectionHandler.lingerAfterFatal)
        #expect(!channel.isActive)
    }

    @Test func requestBeforeHandshakeGetsAFatalErrorAndTheChannelCloses() throws {
        let channel = try makeChannel()
        let whoami = Frame(kind: .request, messageType: SessionCatalogue.whoAmI.messageType, correlationID: 8, payload: ByteBuffer())
        try channel.writeInbound(RawTLSClient.bytes(whoami))
        let frames = try outboundFrames(channel)
        #expect(frames.map(\.wireError?.code) == [.handshakeRequired])
        // Input is read and dropped a moment first, so that closing resets nothing.
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: ConnectionHandler.lingerAfterFatal)
        #expect(!channel.isActive)
    }

    @Test func drainEventClosesAnIdleConnectionAfterANotice() throws {
        let channel = try makeChannel()
        try channel.writeInbound(RawTLSClient.bytes(RawTLSClient.handshake()))
        _ = try outboundFrames(channel)
        channel.pipeline.fireUserInboundEventTriggered(DrainConnectionEvent(notice: "maintenance"))
        let frames = try outboundFrames(channel)
        #expect(frames.map(\.kind) == [.event])
        #expect(try frames.first?.decode(Facturo_V1_NoticeEvent.self).text == "maintenance")
        #expect(!channel.isActive)
    }

    @Test func aSocketThatNeverDoesTLSIsClosedAtTheHandshakeDeadline() throws {
        let channel = try makeChannel()
        (channel.eventLoop as! EmbeddedEventLoop).advanceTime(by: .seconds(9))
        #expect(channel.isActive)
        (channel.eventLoop as! EmbeddedEventLoop).advanceTime(by: .seconds(1))
        #expect(try outboundFrames(channel).isEmpty, "no frame without TLS")
        #expect(!channel.isActive)
    }

    @Test func tlsWithoutAProtocolHandshakeGetsACodedTimeout() throws {
        let channel = try makeChannel()
        channel.pipeline.fireUserInboundEventTriggered(TLSUserEvent.handshakeCompleted(negotiatedProtocol: nil))
        (channel.eventLoop as! EmbeddedEventLoop).advanceTime(by: .seconds(10))
        #expect(try outboundFrames(channel).map(\.wireError?.code) == [.handshakeTimeout])
        // Input is read and dropped a moment first, so that closing resets nothing.
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: ConnectionHandler.lingerAfterFatal)
        #expect(!channel.isActive)
    }

    @Test func theHandshakeStopsTheDeadline() throws {
        let channel = try makeChannel()
        channel.pipeline.fireUserInboundEventTriggered(TLSUserEvent.handshakeCompleted(negotiatedProtocol: nil))
        try channel.writeInbound(RawTLSClient.bytes(RawTLSClient.handshake()))
        (channel.eventLoop as! EmbeddedEventLoop).advanceTime(by: .seconds(59))
        #expect(try outboundFrames(channel).map(\.kind) == [.response])
        #expect(channel.isActive)
        _ = try? channel.finish()
    }

    @Test func aConnectionThatNeverLogsInIsClosedAtTheLoginDeadline() throws {
        let channel = try makeChannel()
        channel.pipeline.fireUserInboundEventTriggered(TLSUserEvent.handshakeCompleted(negotiatedProtocol: nil))
        try channel.writeInbound(RawTLSClient.bytes(RawTLSClient.handshake()))
        _ = try outboundFrames(channel)
        (channel.eventLoop as! EmbeddedEventLoop).advanceTime(by: .seconds(59))
        #expect(channel.isActive)
        (channel.eventLoop as! EmbeddedEventLoop).advanceTime(by: .seconds(1))
        let frames = try outboundFrames(channel)
        #expect(frames.last?.wireError?.code == .loginTimeout && frames.last?.wireError?.retryable == true && frames.last?.correlationID == 0)
        // Input is read and dropped a moment first, so that closing resets nothing.
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: ConnectionHandler.lingerAfterFatal)
        #expect(!channel.isActive)
    }

    @Test func aConnectionBeyondTheLimitIsToldOnceTLSIsUp() throws {
        let channel = try makeChannel(overCapacity: 5)
        channel.pipeline.fireUserInboundEventTriggered(TLSUserEvent.handshakeCompleted(negotiatedProtocol: nil))
        let frames = try outboundFrames(channel)
        #expect(frames.map(\.wireError?.code) == [.tooManyConnections])
        #expect(frames.first?.wireError?.retryable == true)
        // Input is read and dropped a moment first, so that closing resets nothing.
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: ConnectionHandler.lingerAfterFatal)
        #expect(!channel.isActive)
    }
}
