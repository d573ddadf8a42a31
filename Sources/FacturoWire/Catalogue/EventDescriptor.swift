import SwiftProtobuf

/// One server-pushed event, declared once: its number, the short kind
/// scripts wait for (`wait-event request-decided`), its payload type.
public struct EventDescriptor<Payload: SwiftProtobuf.Message & Sendable>: Sendable {
    public let messageType: MessageType
    /// The name in logs and PROTOCOL.md, e.g. `NoticeEvent`.
    public let name: String
    /// The console's word for it, e.g. `notice`.
    public let kind: String

    public init(_ number: UInt16, _ name: String, kind: String) {
        self.messageType = MessageType(rawValue: number)
        self.name = name
        self.kind = kind
    }

    public var erased: AnyEventDescriptor {
        AnyEventDescriptor(messageType: messageType, name: name, kind: kind, payloadMessage: Payload.protoMessageName)
    }

    /// The frame that pushes `payload` (events carry correlation id 0).
    public func frame(_ payload: Payload) -> Frame {
        Frame(kind: .event, messageType: messageType, correlationID: 0, message: payload)
    }

    /// The payload of an event frame of this type, or `PROTOCOL_UNDECODABLE_PAYLOAD`.
    public func decode(_ frame: Frame) throws(WireError) -> Payload {
        try frame.decode(Payload.self)
    }
}

public struct AnyEventDescriptor: Sendable, Hashable, CustomStringConvertible {
    public let messageType: MessageType
    public let name: String
    public let kind: String
    public let payloadMessage: String

    public var description: String { "\(name) (\(messageType.rawValue))" }
}
