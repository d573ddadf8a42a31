/// The payload's schema; bytes 6-7 of every frame.
///
/// A struct rather than an enum so that a peer can carry, log and refuse a
/// type it does not know (an enum would force a decoding failure instead of
/// the precise `PROTOCOL_UNKNOWN_MESSAGE_TYPE` answer). The numbers are
/// declared once, in the request and event catalogues (`Catalogue/`).
public struct MessageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Connection-level errors carry no request type.
    public static let none = MessageType(rawValue: 0)

    public var description: String {
        RequestCatalogue.descriptor(for: self)?.name ?? EventCatalogue.descriptor(for: self)?.name ?? "type \(rawValue)"
    }
}
