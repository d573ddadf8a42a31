/// The payload's schema; bytes 6-7 of every frame.
///
/// A struct rather than an enum so that a peer can carry, log and refuse a
/// type it does not know (an enum would force a decoding failure instead of
/// the precise `PROTOCOL_UNKNOWN_MESSAGE_TYPE` answer). Later features add
/// their own constants in extensions next to their messages.
public struct MessageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let handshake = MessageType(rawValue: 1)
    public static let ping = MessageType(rawValue: 2)
    public static let login = MessageType(rawValue: 3)
    public static let logout = MessageType(rawValue: 4)
    public static let whoAmI = MessageType(rawValue: 5)
    public static let cancel = MessageType(rawValue: 6)

    // Platform administration.
    public static let serverStatus = MessageType(rawValue: 10)
    public static let listSessions = MessageType(rawValue: 11)
    public static let closeSession = MessageType(rawValue: 12)
    public static let broadcastNotice = MessageType(rawValue: 13)
    public static let drain = MessageType(rawValue: 14)

    /// Event types live above 1000 so that logs never confuse them with requests.
    public static let noticeEvent = MessageType(rawValue: 1001)

    /// The request types this version of the protocol defines, with the names
    /// used in logs and in PROTOCOL.md.
    public static let knownRequests: [MessageType: String] = [
        .handshake: "Handshake",
        .ping: "Ping",
        .login: "Login",
        .logout: "Logout",
        .whoAmI: "WhoAmI",
        .cancel: "Cancel",
        .serverStatus: "ServerStatus",
        .listSessions: "ListSessions",
        .closeSession: "CloseSession",
        .broadcastNotice: "BroadcastNotice",
        .drain: "Drain",
    ].merging(organisationRequests) { first, _ in first }

    public var description: String {
        if let name = Self.knownRequests[self] { return name }
        if self == .noticeEvent { return "NoticeEvent" }
        if self == .requestDecidedEvent { return "RequestDecidedEvent" }
        return "type \(rawValue)"
    }
}
