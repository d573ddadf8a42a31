import SwiftProtobuf

/// Who may send a request type, asked by the connection state machine
/// instead of naming message types itself.
public enum RequestAccess: Sendable, Hashable {
    /// Answered by the connection itself (handshake, cancel), never routed.
    case connection
    /// Allowed before login (ping, the logins).
    case anonymous
    /// Needs a logged-in session.
    case session
}

/// One request message of the protocol, declared once: its number, its
/// name (logs, PROTOCOL.md), its payload types and who may send it.
///
/// The server routes by it, the client calls by it and gets the typed
/// response, tests check the catalogues against the routes and PROTOCOL.md.
public struct RequestDescriptor<Request: SwiftProtobuf.Message & Sendable, Response: SwiftProtobuf.Message & Sendable>: Sendable {
    public let messageType: MessageType
    public let name: String
    public let access: RequestAccess

    public init(_ number: UInt16, _ name: String, access: RequestAccess = .session) {
        self.messageType = MessageType(rawValue: number)
        self.name = name
        self.access = access
    }

    /// The catalogue's view of this descriptor, without its payload types.
    public var erased: AnyRequestDescriptor {
        AnyRequestDescriptor(
            messageType: messageType, name: name, access: access,
            requestMessage: Request.protoMessageName, responseMessage: Response.protoMessageName
        )
    }
}

/// A request descriptor as catalogues list it: everything but the Swift types.
public struct AnyRequestDescriptor: Sendable, Hashable, CustomStringConvertible {
    public let messageType: MessageType
    public let name: String
    public let access: RequestAccess
    /// Fully qualified protobuf names, e.g. `facturo.v1.PingRequest`.
    public let requestMessage: String
    public let responseMessage: String

    public var description: String { "\(name) (\(messageType.rawValue))" }
}
