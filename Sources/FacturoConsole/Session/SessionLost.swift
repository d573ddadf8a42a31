import FacturoClient
import FacturoWire

/// The server ended (or the network cut) the connection of a logged-in
/// session: what the next command is told, once, instead of a bare
/// `AUTH_REQUIRED` on a fresh connection.
public struct SessionLost: Error, Sendable {
    public var email: String
    public var byCertificate: Bool
    /// False when the password was typed in the login line: logging in
    /// again would have to send another account's password (from
    /// FACTURO_PASSWORD) or guess; the user logs in again by hand.
    public var canLogInAgain: Bool
    /// The server's reason (`PROTOCOL_IDLE_TIMEOUT`…) or the transport's.
    public var reason: ClientError

    /// Whether logging in again is the user's wish: after an idle timeout,
    /// a cut or a restart, yes; after a deactivation, a revocation or an
    /// administrator closing the session, no: that was someone's decision.
    public var isRecoverable: Bool {
        guard let code = reason.code else { return true }
        return ![ErrorCode.accountDisabled, .sessionClosed].contains(code)
    }

    public init(email: String, byCertificate: Bool, canLogInAgain: Bool = true, reason: ClientError) {
        self.email = email
        self.byCertificate = byCertificate
        self.canLogInAgain = canLogInAgain
        self.reason = reason
    }

    /// The login line that opens the same session again.
    public var loginLine: String { byCertificate ? "login --certificate \(email)" : "login \(email)" }

    /// Why, in words, for the message and the `connection-lost` event.
    public static func why(_ reason: ClientError) -> String {
        switch reason {
        case let .server(error) where error.code == .idleTimeout:
            "le serveur a fermé la connexion inactive (\(error.message))"
        case let .server(error): error.message
        case .connectionClosed: "le serveur a fermé la connexion (arrêt ou redémarrage ?)"
        default: reason.description
        }
    }
}
