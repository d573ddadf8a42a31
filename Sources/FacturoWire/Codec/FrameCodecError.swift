/// Why a byte stream could not be cut into frames. All of these are fatal:
/// once framing is lost there is no way to find the next frame boundary.
public enum FrameCodecError: Error, Equatable, Sendable {
    /// The length field is below the fixed header size.
    case frameTooSmall(length: Int, minimum: Int)
    /// The length field is above the announced maximum; detected from the
    /// four prefix bytes alone, before any of the body is buffered.
    case frameTooLarge(length: Int, maximum: Int)
    /// The kind byte names no `FrameKind`.
    case unknownFrameKind(UInt8)
    /// The reserved flags byte is not zero.
    case nonZeroFlags(UInt8)
    /// Every connection together already holds the bytes the server allows
    /// in partial frames; this one may not buffer more (retryable).
    case inputBudgetExhausted(capacity: Int)

    /// The protocol error code this failure is reported with.
    public var errorCode: ErrorCode {
        switch self {
        case .frameTooSmall: .frameTooSmall
        case .frameTooLarge: .frameTooLarge
        case .unknownFrameKind: .unknownFrameKind
        case .nonZeroFlags: .malformedFrame
        case .inputBudgetExhausted: .busy
        }
    }

    /// Whether the same bytes may be accepted later (a shared bound, not
    /// the peer's mistake).
    public var retryable: Bool {
        if case .inputBudgetExhausted = self { return true }
        return false
    }

    public var message: String {
        switch self {
        case let .frameTooSmall(length, minimum):
            "frame length \(length) is below the header size \(minimum)"
        case let .frameTooLarge(length, maximum):
            "frame length \(length) exceeds the maximum \(maximum)"
        case let .unknownFrameKind(kind):
            "unknown frame kind \(kind)"
        case let .nonZeroFlags(flags):
            "reserved flags byte is \(flags), expected 0"
        case let .inputBudgetExhausted(capacity):
            "le serveur tient déjà \(capacity) octets de trames incomplètes ; reconnectez-vous plus tard"
        }
    }
}
