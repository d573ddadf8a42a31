import NIOCore
import SwiftProtobuf

extension ByteBuffer {
    /// The serialized bytes of `message`. Serializing a generated message
    /// with all required fields set cannot fail in proto3, hence no throw.
    public init(message: some SwiftProtobuf.Message) {
        let bytes: [UInt8] = (try? message.serializedBytes()) ?? []
        self.init(bytes: bytes)
    }
}

extension Frame {
    /// A frame whose payload is `message`.
    public init(kind: FrameKind, messageType: MessageType, correlationID: UInt32, message: some SwiftProtobuf.Message) {
        self.init(kind: kind, messageType: messageType, correlationID: correlationID, payload: ByteBuffer(message: message))
    }

    /// The payload decoded as `M`, or `PROTOCOL_UNDECODABLE_PAYLOAD`.
    public func decode<M: SwiftProtobuf.Message>(_: M.Type) throws(WireError) -> M {
        try payload.decodeMessage(M.self, of: messageType)
    }
}

extension ByteBuffer {
    /// These bytes decoded as `M`, or `PROTOCOL_UNDECODABLE_PAYLOAD` naming
    /// the message type they arrived as.
    public func decodeMessage<M: SwiftProtobuf.Message>(_: M.Type, of messageType: MessageType) throws(WireError) -> M {
        do {
            return try M(serializedBytes: Array(readableBytesView))
        } catch {
            throw WireError(.undecodablePayload, "payload of \(messageType) is not a valid \(M.protoMessageName)")
        }
    }
}
