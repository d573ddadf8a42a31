import FacturoWire

/// Why a client call failed. `server` carries the server's coded answer;
/// the others are local or transport failures.
public enum ClientError: Error, Sendable, CustomStringConvertible {
    /// The server answered with an error frame.
    case server(WireError)
    /// The TCP connection could not be established.
    case connectFailed(String)
    /// TLS failed: unknown CA, certificate refused by the server, plaintext peer.
    case tls(String)
    /// The connection closed before the answer arrived.
    case connectionClosed
    /// The network failed under an open connection (reset, timeout).
    case transport(String)
    /// The server broke the protocol (unexpected frame, undecodable payload).
    case protocolViolation(String)
    /// The request is longer than the server accepts; it was not sent.
    case requestTooLarge(length: Int, maximum: Int)

    public var description: String {
        switch self {
        case let .server(error): error.description
        case let .connectFailed(reason): "connexion impossible : \(reason)"
        case let .tls(reason): "échec TLS : \(reason)"
        case .connectionClosed: "connexion fermée par le serveur"
        case let .transport(reason): "connexion perdue : \(reason)"
        case let .protocolViolation(reason): "le serveur a enfreint le protocole : \(reason)"
        case let .requestTooLarge(length, maximum): "requête trop longue : \(length) octets, le serveur en accepte au plus \(maximum) ; rien n'a été envoyé"
        }
    }

    /// The server's error code, when there is one.
    public var code: ErrorCode? {
        if case let .server(error) = self { return error.code }
        return nil
    }
}
