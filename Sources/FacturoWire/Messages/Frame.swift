import NIOCore

/// One unit of the wire protocol: a fixed 12-byte header and a payload.
///
/// Layout (big-endian), documented byte by byte in PROTOCOL.md:
///
///     0  u32 length          bytes after this field (8 ... maxFrameLength)
///     4  u8  kind            FrameKind
///     5  u8  flags           reserved, must be 0
///     6  u16 message type    MessageType
///     8  u32 correlation id  0 for events and connection-level errors
///    12  ... payload          one Protocol Buffers message
public struct Frame: Sendable, Equatable {
    /// Bytes of the length prefix itself.
    public static let lengthFieldSize = 4
    /// Bytes that follow the length prefix before the payload starts; the
    /// smallest legal value of the length field.
    public static let headerSizeAfterLength = 8
    /// Total header size, prefix included.
    public static let headerSize = lengthFieldSize + headerSizeAfterLength
    /// Default ceiling of the length field: 16 MiB. Large files travel in
    /// chunks well below it.
    public static let defaultMaximumLength = 16 * 1024 * 1024

    public var kind: FrameKind
    public var messageType: MessageType
    public var correlationID: UInt32
    public var payload: ByteBuffer

    public init(kind: FrameKind, messageType: MessageType, correlationID: UInt32, payload: ByteBuffer) {
        self.kind = kind
        self.messageType = messageType
        self.correlationID = correlationID
        self.payload = payload
    }

    /// Value of the length field for this frame.
    public var lengthFieldValue: Int { Self.headerSizeAfterLength + payload.readableBytes }
}
