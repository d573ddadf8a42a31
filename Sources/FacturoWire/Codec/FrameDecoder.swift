import NIOCore

/// Cuts an untrusted byte stream into frames.
///
/// Written by hand because NIO's `LengthFieldBasedFrameDecoder` has no
/// maximum length: it would wait for (and buffer) whatever size a peer
/// announces. This decoder validates the length prefix as soon as its four
/// bytes arrive and throws before a single body byte is awaited.
///
/// On the server, the maximum can change during the connection (lower
/// before login, see `FrameLengthLimit`) and the bytes held in a partial
/// frame are reserved from a budget shared by every connection
/// (`InboundByteBudget`).
public struct FrameDecoder: ByteToMessageDecoder, Sendable {
    public typealias InboundOut = Frame

    private let limit: FrameLengthLimit
    private let budget: InboundByteBudget?
    /// The part of the budget connections without a session may hold
    /// together, so that anonymous peers cannot take it all from users.
    private let anonymousBudget: InboundByteBudget?
    /// Bytes of this connection currently reserved from `budget`.
    private var reservation = 0
    private var anonymousReservation = 0

    /// The maximum the next frame is checked against.
    public var maximumLength: Int { limit.current }

    public init(maximumLength: Int = Frame.defaultMaximumLength) {
        self.init(limit: FrameLengthLimit(maximumLength))
    }

    public init(limit: FrameLengthLimit, budget: InboundByteBudget? = nil, anonymousBudget: InboundByteBudget? = nil) {
        self.limit = limit
        self.budget = budget
        self.anonymousBudget = anonymousBudget
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try Self.next(from: &buffer, maximumLength: limit.current) else {
            try reserve(buffer.readableBytes)
            return .needMoreData
        }
        try reserve(0)
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A partial frame at end of stream is simply dropped with the connection.
        try decode(context: context, buffer: &buffer)
    }

    public mutating func decoderRemoved(context: ChannelHandlerContext) {
        try? reserve(0)
    }

    /// Keeps this connection's reservations equal to the bytes it holds.
    /// (When the total fails after the anonymous share grew, the connection
    /// closes and `decoderRemoved` gives both back.)
    private mutating func reserve(_ bytes: Int) throws {
        if let anonymousBudget {
            let wanted = limit.isAnonymous ? bytes : 0
            if wanted != anonymousReservation {
                guard anonymousBudget.resize(from: anonymousReservation, to: wanted) else {
                    throw FrameCodecError.inputBudgetExhausted(capacity: anonymousBudget.capacity)
                }
                anonymousReservation = wanted
            }
        }
        guard let budget, bytes != reservation else { return }
        guard budget.resize(from: reservation, to: bytes) else {
            throw FrameCodecError.inputBudgetExhausted(capacity: budget.capacity)
        }
        reservation = bytes
    }

    /// Reads one frame from the front of `buffer` if it is complete; returns
    /// nil (consuming nothing) when more bytes are needed. Pure, so tests and
    /// the client can use it without a channel.
    public static func next(from buffer: inout ByteBuffer, maximumLength: Int = Frame.defaultMaximumLength) throws -> Frame? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self).map(Int.init) else {
            return nil
        }
        guard length >= Frame.headerSizeAfterLength else {
            throw FrameCodecError.frameTooSmall(length: length, minimum: Frame.headerSizeAfterLength)
        }
        guard length <= maximumLength else {
            throw FrameCodecError.frameTooLarge(length: length, maximum: maximumLength)
        }
        guard buffer.readableBytes >= Frame.lengthFieldSize + length else {
            return nil
        }
        let start = buffer.readerIndex + Frame.lengthFieldSize
        let kindByte = buffer.getInteger(at: start, as: UInt8.self)!
        let flags = buffer.getInteger(at: start + 1, as: UInt8.self)!
        let type = buffer.getInteger(at: start + 2, as: UInt16.self)!
        let correlationID = buffer.getInteger(at: start + 4, as: UInt32.self)!
        guard let kind = FrameKind(rawValue: kindByte) else {
            throw FrameCodecError.unknownFrameKind(kindByte)
        }
        guard flags == 0 else {
            throw FrameCodecError.nonZeroFlags(flags)
        }
        let payload = buffer.getSlice(at: start + Frame.headerSizeAfterLength, length: length - Frame.headerSizeAfterLength)!
        buffer.moveReaderIndex(forwardBy: Frame.lengthFieldSize + length)
        return Frame(kind: kind, messageType: MessageType(rawValue: type), correlationID: correlationID, payload: payload)
    }
}
