import NIOCore

/// Writes frames in the layout described on `Frame`.
///
/// Used by both peers. It refuses to emit a frame its peer would reject as
/// too large, so an oversized response surfaces as a local error instead of
/// a fatal error from the other side.
public struct FrameEncoder: MessageToByteEncoder, Sendable {
    public typealias OutboundIn = Frame

    public let maximumLength: Int

    public init(maximumLength: Int = Frame.defaultMaximumLength) {
        self.maximumLength = maximumLength
    }

    public func encode(data frame: Frame, out: inout ByteBuffer) throws {
        try Self.write(frame, to: &out, maximumLength: maximumLength)
    }

    /// Appends `frame` to `out`; exposed for tests and benchmarks that build
    /// raw byte streams.
    public static func write(_ frame: Frame, to out: inout ByteBuffer, maximumLength: Int = Frame.defaultMaximumLength) throws {
        let length = frame.lengthFieldValue
        guard length <= maximumLength else {
            throw FrameCodecError.frameTooLarge(length: length, maximum: maximumLength)
        }
        out.reserveCapacity(minimumWritableBytes: Frame.lengthFieldSize + length)
        out.writeInteger(UInt32(length))
        out.writeInteger(frame.kind.rawValue)
        out.writeInteger(UInt8(0))
        out.writeInteger(frame.messageType.rawValue)
        out.writeInteger(frame.correlationID)
        var payload = frame.payload
        out.writeBuffer(&payload)
    }
}
