/// A stable, machine-readable error code carried in every error frame.
///
/// Extensible in the manner of postgres-nio's `PSQLError.Code`: a string
/// wrapper with static constants, so later features add codes without
/// breaking exhaustive switches in clients. The strings are the contract
/// (scripts test for them); PROTOCOL.md lists every one.
///
/// The constants here are the wire layer's own: framing, sequencing,
/// authentication, the server's condition. Business outcomes (FORBIDDEN,
/// NOT_FOUND, INVALID_SIRET...) are `DomainError.Code`s, declared once in
/// the domain; the server's `ErrorRegistry` joins both sets.
public struct ErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    // Framing: always fatal, the stream cannot be resynchronised.
    public static let frameTooLarge = ErrorCode(rawValue: "PROTOCOL_FRAME_TOO_LARGE")
    public static let frameTooSmall = ErrorCode(rawValue: "PROTOCOL_FRAME_TOO_SMALL")
    public static let unknownFrameKind = ErrorCode(rawValue: "PROTOCOL_UNKNOWN_FRAME_KIND")
    public static let malformedFrame = ErrorCode(rawValue: "PROTOCOL_MALFORMED_FRAME")
    public static let unexpectedFrameKind = ErrorCode(rawValue: "PROTOCOL_UNEXPECTED_FRAME_KIND")

    // Protocol sequencing.
    public static let handshakeRequired = ErrorCode(rawValue: "PROTOCOL_HANDSHAKE_REQUIRED")
    public static let handshakeRepeated = ErrorCode(rawValue: "PROTOCOL_HANDSHAKE_REPEATED")
    public static let versionUnsupported = ErrorCode(rawValue: "PROTOCOL_VERSION_UNSUPPORTED")
    public static let unknownMessageType = ErrorCode(rawValue: "PROTOCOL_UNKNOWN_MESSAGE_TYPE")
    public static let undecodablePayload = ErrorCode(rawValue: "PROTOCOL_UNDECODABLE_PAYLOAD")
    public static let invalidCorrelationID = ErrorCode(rawValue: "PROTOCOL_INVALID_CORRELATION_ID")
    public static let tooManyInFlight = ErrorCode(rawValue: "PROTOCOL_TOO_MANY_IN_FLIGHT")
    public static let idleTimeout = ErrorCode(rawValue: "PROTOCOL_IDLE_TIMEOUT")
    /// TLS and the protocol handshake were not done within the deadline.
    public static let handshakeTimeout = ErrorCode(rawValue: "PROTOCOL_HANDSHAKE_TIMEOUT")

    // Authentication.
    public static let authenticationRequired = ErrorCode(rawValue: "AUTH_REQUIRED")
    public static let invalidCredentials = ErrorCode(rawValue: "AUTH_INVALID_CREDENTIALS")
    public static let accountDisabled = ErrorCode(rawValue: "AUTH_ACCOUNT_DISABLED")
    public static let accountLocked = ErrorCode(rawValue: "AUTH_ACCOUNT_LOCKED")
    public static let sessionClosed = ErrorCode(rawValue: "AUTH_SESSION_CLOSED")
    /// No session was opened within the login deadline.
    public static let loginTimeout = ErrorCode(rawValue: "AUTH_LOGIN_TIMEOUT")
    /// A login is already running on this connection.
    public static let loginInProgress = ErrorCode(rawValue: "AUTH_LOGIN_IN_PROGRESS")

    // Requests.
    public static let cancelled = ErrorCode(rawValue: "REQUEST_CANCELLED")
    /// The answer would exceed the maximum frame length.
    public static let responseTooLarge = ErrorCode(rawValue: "RESPONSE_TOO_LARGE")
    public static let clientCertificateRequired = ErrorCode(rawValue: "AUTH_CLIENT_CERTIFICATE_REQUIRED")
    /// No active technical account is bound to the presented certificate.
    public static let unknownCertificate = ErrorCode(rawValue: "AUTH_UNKNOWN_CERTIFICATE")

    // Server condition.
    public static let shuttingDown = ErrorCode(rawValue: "SERVER_SHUTTING_DOWN")
    public static let draining = ErrorCode(rawValue: "SERVER_DRAINING")
    public static let internalError = ErrorCode(rawValue: "SERVER_INTERNAL_ERROR")
    public static let storageUnavailable = ErrorCode(rawValue: "SERVER_STORAGE_UNAVAILABLE")
    /// The connection limit is reached (`serve --max-connections`).
    public static let tooManyConnections = ErrorCode(rawValue: "SERVER_TOO_MANY_CONNECTIONS")
    /// A shared bound is reached (login queue, bytes held in partial frames).
    public static let busy = ErrorCode(rawValue: "SERVER_BUSY")

    /// Every code above, for the registry.
    public static let all: [ErrorCode] = [
        .frameTooLarge, .frameTooSmall, .unknownFrameKind, .malformedFrame, .unexpectedFrameKind,
        .handshakeRequired, .handshakeRepeated, .versionUnsupported, .unknownMessageType, .undecodablePayload,
        .invalidCorrelationID, .tooManyInFlight, .idleTimeout, .handshakeTimeout,
        .authenticationRequired, .invalidCredentials, .accountDisabled, .accountLocked, .sessionClosed, .loginInProgress, .loginTimeout,
        .cancelled, .responseTooLarge, .clientCertificateRequired, .unknownCertificate,
        .shuttingDown, .draining, .internalError, .storageUnavailable, .tooManyConnections, .busy,
    ]
}
