import FacturoWire
import NIOCore

/// What the server enforces on every connection and announces in the
/// handshake response.
public struct ConnectionLimits: Sendable, Equatable {
    /// Largest accepted length field.
    public var maxFrameLength: Int
    /// Requests awaiting their final answer at once; beyond it the server
    /// stops reading the socket and refuses extra requests already read.
    public var maxInFlight: Int
    /// Silence after which a connection with nothing in flight is closed.
    public var idleTimeout: TimeAmount
    /// How long a draining connection may take to finish its requests.
    public var shutdownGracePeriod: TimeAmount

    public init(
        maxFrameLength: Int = Frame.defaultMaximumLength,
        maxInFlight: Int = 32,
        idleTimeout: TimeAmount = .seconds(300),
        shutdownGracePeriod: TimeAmount = .seconds(30)
    ) {
        self.maxFrameLength = maxFrameLength
        self.maxInFlight = maxInFlight
        self.idleTimeout = idleTimeout
        self.shutdownGracePeriod = shutdownGracePeriod
    }
}
