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
        case let .connectFailed(reason): "cannot connect: \(reason)"
        case let .tls(reason): "TLS failure: \(reason)"
        case .connectionClosed: "connection closed by the server"
        case let .transport(reason): "connection lost: \(reason)"
        case let .protocolViolation(reason): "protocol violation by the server: \(reason)"
        case let .requestTooLarge(length, maximum): "requête trop longue : \(length) octets, le serveur en accepte au plus \(maximum) ; rien n'a été envoyé"
        }
    }

    /// The server's error code, when there is one.
    public var code: ErrorCode? {
        if case let .server(error) = self { return error.code }
        return nil
    }
}
