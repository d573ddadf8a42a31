import FacturoWire
import NIOCore
import NIOEmbedded
import Testing

@Suite("Frame decoding of untrusted bytes")
struct FrameDecodingTests {
    static let frames = [
        Frame(kind: .request, messageType: SessionCatalogue.ping.messageType, correlationID: 1, payload: ByteBuffer(bytes: [1, 2, 3])),
        Frame(kind: .response, messageType: SessionCatalogue.login.messageType, correlationID: 2, payload: ByteBuffer()),
        Frame(kind: .error, messageType: SessionCatalogue.whoAmI.messageType, correlationID: 3, payload: ByteBuffer(repeating: 0x42, count: 300)),
        Frame(kind: .event, messageType: EventCatalogue.notice.messageType, correlationID: 0, payload: ByteBuffer(bytes: [9])),
    ]

    static func stream(_ frames: [Frame]) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        for frame in frames { try FrameEncoder.write(frame, to: &buffer) }
        return buffer
    }

    private func makeChannel(maximumLength: Int = Frame.defaultMaximumLength) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(maximumLength: maximumLength)))
        return channel
    }

    private func readAll(_ channel: EmbeddedChannel) throws -> [Frame] {
        var frames: [Frame] = []
        while let frame = try channel.readInbound(as: Frame.self) { frames.append(frame) }
        return frames
    }

    @Test func decodesFramesWrittenInOneBlock() throws {
        let channel = try makeChannel()
        try channel.writeInbound(try Self.stream(Self.frames))
        #expect(try readAll(channel) == Self.frames)
        #expect(try channel.finish().isClean)
    }

    @Test func decodesFramesFedOneByteAtATime() throws {
        let channel = try makeChannel()
        let stream = try Self.stream(Self.frames)
        var decoded: [Frame] = []
        for byte in stream.readableBytesView {
            try channel.writeInbound(ByteBuffer(bytes: [byte]))
            decoded += try readAll(channel)
        }
        #expect(decoded == Self.frames)
        #expect(try channel.finish().isClean)
    }

    @Test func lengthAboveMaximumFailsFromThePrefixAlone() throws {
        let channel = try makeChannel(maximumLength: 1024)
        // Only the 4-byte prefix announcing 4 GiB - 1: the decoder must
        // refuse now, without waiting for (or reserving room for) a body.
        #expect(throws: FrameCodecError.frameTooLarge(length: Int(UInt32.max), maximum: 1024)) {
            try channel.writeInbound(ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF]))
        }
        _ = try? channel.finish()
    }

    @Test func lengthBelowHeaderSizeFails() throws {
        let channel = try makeChannel()
        #expect(throws: FrameCodecError.frameTooSmall(length: 7, minimum: 8)) {
            try channel.writeInbound(ByteBuffer(bytes: [0, 0, 0, 7]))
        }
        _ = try? channel.finish()
    }

    @Test func unknownFrameKindFails() throws {
        var buffer = ByteBuffer(bytes: [0, 0, 0, 8, 9, 0, 0, 1, 0, 0, 0, 1])
        #expect(throws: FrameCodecError.unknownFrameKind(9)) {
            _ = try FrameDecoder.next(from: &buffer)
        }
    }

    @Test func nonZeroFlagsFail() throws {
        var buffer = ByteBuffer(bytes: [0, 0, 0, 8, 1, 0x80, 0, 1, 0, 0, 0, 1])
        #expect(throws: FrameCodecError.nonZeroFlags(0x80)) {
            _ = try FrameDecoder.next(from: &buffer)
        }
    }

    @Test func garbageAfterAValidFrameFailsAfterDeliveringTheFrame() throws {
        let channel = try makeChannel()
        var stream = try Self.stream([Self.frames[0]])
        stream.writeString("GET / HTTP/1.1\r\n")
        #expect(throws: FrameCodecError.frameTooLarge(length: 0x4745_5420, maximum: Frame.defaultMaximumLength)) {
            try channel.writeInbound(stream)
        }
        #expect(try readAll(channel) == [Self.frames[0]])
        _ = try? channel.finish()
    }

    @Test func incompleteFrameConsumesNothing() throws {
        var stream = try Self.stream([Self.frames[2]])
        var partial = stream.readSlice(length: 20)!
        let before = partial.readerIndex
        #expect(try FrameDecoder.next(from: &partial) == nil)
        #expect(partial.readerIndex == before)
    }
}
