import Foundation
import FacturoWire
import NIOCore
import Testing

@Suite("Frame encoding is byte-exact")
struct FrameEncodingTests {
    private func encode(_ frame: Frame) throws -> [UInt8] {
        var buffer = ByteBuffer()
        try FrameEncoder.write(frame, to: &buffer)
        return Array(buffer.readableBytesView)
    }

    @Test("each frame kind has the documented header", arguments: [
        (FrameKind.request, UInt8(1)), (.response, 2), (.error, 3), (.event, 4),
    ])
    func headerLayout(kind: FrameKind, byte: UInt8) throws {
        let frame = Frame(kind: kind, messageType: MessageType(rawValue: 0x0102), correlationID: 0x0A0B_0C0D, payload: ByteBuffer(bytes: [0xAA, 0xBB, 0xCC]))
        #expect(try encode(frame) == [
            0x00, 0x00, 0x00, 0x0B, // length: 8 header bytes + 3 payload bytes
            byte,                   // kind
            0x00,                   // flags
            0x01, 0x02,             // message type
            0x0A, 0x0B, 0x0C, 0x0D, // correlation id
            0xAA, 0xBB, 0xCC,       // payload
        ])
    }

    @Test func emptyPayloadIsTheSmallestFrame() throws {
        let bytes = try encode(Frame(kind: .event, messageType: EventCatalogue.notice.messageType, correlationID: 0, payload: ByteBuffer()))
        #expect(bytes == [0, 0, 0, 8, 4, 0, 0x03, 0xE9, 0, 0, 0, 0])
        #expect(bytes.count == Frame.headerSize)
    }

    @Test func protobufPayloadIsTheMessageBytes() throws {
        let ping = Facturo_V1_PingRequest.with { $0.data = Data([1, 2]) }
        let bytes = try encode(Frame(kind: .request, messageType: SessionCatalogue.ping.messageType, correlationID: 7, message: ping))
        // Field 1, wire type 2 (length-delimited), length 2, bytes 1 2.
        #expect(bytes == [0, 0, 0, 12, 1, 0, 0, 2, 0, 0, 0, 7, 0x0A, 0x02, 0x01, 0x02])
    }

    @Test func errorFrameCarriesCodeAndFlags() throws {
        let error = WireError(.authenticationRequired, "x", retryable: false, fatal: false)
        let frame = error.frame(correlationID: 9, messageType: SessionCatalogue.whoAmI.messageType)
        #expect(frame.kind == .error)
        #expect(frame.correlationID == 9)
        let decoded = WireError(body: try frame.decode(Facturo_V1_ErrorBody.self))
        #expect(decoded == error)
    }

    @Test func encoderRefusesFramesItsPeerWouldReject() {
        let frame = Frame(kind: .response, messageType: SessionCatalogue.ping.messageType, correlationID: 1, payload: ByteBuffer(repeating: 0, count: 100))
        var buffer = ByteBuffer()
        #expect(throws: FrameCodecError.frameTooLarge(length: 108, maximum: 64)) {
            try FrameEncoder.write(frame, to: &buffer, maximumLength: 64)
        }
    }
}
