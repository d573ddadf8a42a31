import FacturoDomain
import Foundation

/// A logged-in user on one connection. Lives as long as the connection or
/// until logout; every request after login is authorised against it.
public struct Session: Sendable, Equatable {
    public var id: String
    public var user: User
    public var openedAt: Date
    public var peer: String
    /// Subject of the client certificate, when mutual TLS is on.
    public var clientCertificateSubject: String?

    public init(id: String = Session.newID(), user: User, openedAt: Date, peer: String, clientCertificateSubject: String?) {
        self.id = id
        self.user = user
        self.openedAt = openedAt
        self.peer = peer
        self.clientCertificateSubject = clientCertificateSubject
    }

    /// 128 random bits, hex: unguessable, so an id seen in a log grants nothing.
    public static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(to: 16) }.joined()
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
