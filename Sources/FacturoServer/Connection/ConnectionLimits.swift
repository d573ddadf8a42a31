import FacturoWire
import NIOCore

/// What the server enforces on every connection; the first five are
/// announced in the handshake response.
public struct ConnectionLimits: Sendable, Equatable {
    /// Default ceiling of a frame before login: enough for a handshake, a
    /// ping or a login, and nothing an anonymous peer could hoard.
    public static let defaultMaxFrameLengthBeforeLogin = 64 * 1024

    /// Largest accepted length field once logged in (inclusive); no answer
    /// is ever longer.
    public var maxFrameLength: Int
    /// Largest accepted length field before login and after a logout.
    public var maxFrameLengthBeforeLogin: Int
    /// Requests awaiting their final answer at once; beyond it extra
    /// requests are refused (Cancel excepted).
    public var maxInFlight: Int
    /// Silence after which a connection with nothing in flight is closed.
    public var idleTimeout: TimeAmount
    /// Time a new connection has to finish TLS and the protocol handshake.
    public var handshakeTimeout: TimeAmount
    /// Time a connection may stay without a session after its handshake (or
    /// its logout): anonymous connections cannot hold slots for ever.
    public var loginTimeout: TimeAmount
    /// How long a draining connection may take to finish its requests.
    public var shutdownGracePeriod: TimeAmount
    /// Bytes written to a connection and not yet taken by its peer; beyond
    /// it, a peer that takes nothing for `outputStallTimeout` is not reading
    /// and the connection is closed.
    public var maxUnsentBytes: Int
    public var outputStallTimeout: TimeAmount

    public init(
        maxFrameLength: Int = Frame.defaultMaximumLength,
        maxFrameLengthBeforeLogin: Int = Self.defaultMaxFrameLengthBeforeLogin,
        maxInFlight: Int = 32,
        idleTimeout: TimeAmount = .seconds(300),
        handshakeTimeout: TimeAmount = .seconds(10),
        loginTimeout: TimeAmount = .seconds(60),
        shutdownGracePeriod: TimeAmount = .seconds(30),
        maxUnsentBytes: Int? = nil,
        outputStallTimeout: TimeAmount = .seconds(10)
    ) {
        self.maxFrameLength = maxFrameLength
        self.maxFrameLengthBeforeLogin = min(maxFrameLengthBeforeLogin, maxFrameLength)
        self.maxInFlight = maxInFlight
        self.idleTimeout = idleTimeout
        self.handshakeTimeout = handshakeTimeout
        self.loginTimeout = loginTimeout
        self.shutdownGracePeriod = shutdownGracePeriod
        // Room for two answers of the largest size: one being sent, one queued.
        self.maxUnsentBytes = maxUnsentBytes ?? 2 * (maxFrameLength + Frame.lengthFieldSize)
        self.outputStallTimeout = outputStallTimeout
    }
}
