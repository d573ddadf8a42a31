import FacturoClient
import FacturoServer
import FacturoWire
import Foundation
import NIOCore
import Testing

/// Each case sends something a correct client never would, checks the
/// coded answer, and then proves the server still serves the next client.
@Suite("Malformed input: coded errors, and the server survives")
struct MalformedInputTests {
    private func assertServerStillServes(_ server: TestServer) async throws {
        let next = try await server.connectAndLogin()
        _ = try await next.whoAmI()
        await next.close()
    }

    @Test func lengthAboveMaximumIsFatal() async throws {
        let server = try await TestServer.start(limits: ConnectionLimits(maxFrameLength: 1024))
        let client = try await RawTLSClient.connect(port: server.port)
        var bytes = RawTLSClient.bytes(RawTLSClient.handshake())
        bytes.writeInteger(UInt32(1025))
        let (frames, closed) = try await client.exchange(bytes)
        #expect(closed)
        #expect(frames.count == 2)
        let error = try #require(frames.last?.wireError)
        #expect(error.code == .frameTooLarge && error.fatal)
        #expect(frames.last?.correlationID == 0)
        try await assertServerStillServes(server)
        try await server.shutdown()
    }

    @Test func lengthBelowHeaderSizeIsFatal() async throws {
        let server = try await TestServer.start()
        let client = try await RawTLSClient.connect(port: server.port)
        let (frames, closed) = try await client.exchange(ByteBuffer(bytes: [0, 0, 0, 3, 1, 0, 0]))
        #expect(closed)
        #expect(frames.map(\.wireError?.code) == [.frameTooSmall])
        try await assertServerStillServes(server)
        try await server.shutdown()
    }

    @Test func unknownFrameKindIsFatal() async throws {
        let server = try await TestServer.start()
        let client = try await RawTLSClient.connect(port: server.port)
        let (frames, closed) = try await client.exchange(ByteBuffer(bytes: [0, 0, 0, 8, 0x7F, 0, 0, 1, 0, 0, 0, 1]))
        #expect(closed)
        #expect(frames.map(\.wireError?.code) == [.unknownFrameKind])
        try await assertServerStillServes(server)
        try await server.shutdown()
    }

    @Test func requestBeforeHandshakeIsFatal() async throws {
        let server = try await TestServer.start()
        let client = try await RawTLSClient.connect(port: server.port)
        let ping = Frame(kind: .request, messageType: SessionCatalogue.ping.messageType, correlationID: 4, message: Facturo_V1_PingRequest())
        let (frames, closed) = try await client.exchange(RawTLSClient.bytes(ping))
        #expect(closed)
        #expect(frames.count == 1)
        #expect(frames.first?.wireError?.code == .handshakeRequired)
        #expect(frames.first?.correlationID == 4)
        try await assertServerStillServes(server)
        try await server.shutdown()
    }

    @Test func unknownMessageTypeAndUndecodablePayloadAreNotFatal() async throws {
        let server = try await TestServer.start()
        let client = try await RawTLSClient.connect(port: server.port)
        let unknown = Frame(kind: .request, messageType: MessageType(rawValue: 999), correlationID: 2, payload: ByteBuffer())
        let garbledLogin = Frame(kind: .request, messageType: SessionCatalogue.login.messageType, correlationID: 3, payload: ByteBuffer(bytes: [0xFF, 0xFF, 0xFF]))
        let ping = Frame(kind: .request, messageType: SessionCatalogue.ping.messageType, correlationID: 5, message: Facturo_V1_PingRequest())
        let (frames, closed) = try await client.exchange(
            RawTLSClient.bytes(RawTLSClient.handshake(), unknown, garbledLogin, ping), expecting: 4
        )
        #expect(!closed)
        let byID = Dictionary(uniqueKeysWithValues: frames.map { ($0.correlationID, $0) })
        #expect(byID[2]?.wireError?.code == .unknownMessageType)
        #expect(byID[2]?.wireError?.fatal == false)
        #expect(byID[3]?.wireError?.code == .undecodablePayload)
        #expect(byID[5]?.kind == .response, "the connection is still usable")
        try await server.shutdown()
    }

    @Test func garbageAfterAValidFrameAnswersTheFrameThenCloses() async throws {
        let server = try await TestServer.start()
        let client = try await RawTLSClient.connect(port: server.port)
        var bytes = RawTLSClient.bytes(RawTLSClient.handshake(id: 1))
        bytes.writeString("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let (frames, closed) = try await client.exchange(bytes)
        #expect(closed)
        #expect(frames.count == 2)
        #expect(frames.first?.kind == .response && frames.first?.correlationID == 1)
        #expect(frames.last?.wireError?.code == .frameTooLarge)
        try await assertServerStillServes(server)
        try await server.shutdown()
    }

    @Test func plaintextClientIsRefusedByTLS() async throws {
        let server = try await TestServer.start()
        let client = try await RawTLSClient.connect(port: server.port, tls: false)
        let (frames, closed) = try await client.exchange(RawTLSClient.bytes(RawTLSClient.handshake()))
        #expect(closed)
        #expect(frames.isEmpty, "no Facturo frame is ever sent in clear")
        try await assertServerStillServes(server)
        try await server.shutdown()
    }
}
