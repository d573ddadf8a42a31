import FacturoWire
import NIOCore

/// A server-pushed event as the client receives it.
public struct ServerEvent: Sendable {
    public var type: MessageType
    public var payload: ByteBuffer

    public init(type: MessageType, payload: ByteBuffer) {
        self.type = type
        self.payload = payload
    }
}
