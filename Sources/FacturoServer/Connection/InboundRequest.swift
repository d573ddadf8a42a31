import FacturoDomain
import FacturoWire
import NIOCore

/// A request the state machine accepted for execution, with the session it
/// runs under (nil before login: only ping and login get this far).
public struct InboundRequest: Sendable {
    public var correlationID: UInt32
    public var messageType: MessageType
    public var payload: ByteBuffer
    public var session: Session?
    /// Remote address and certificate subject, for sessions opened by login.
    public var peer: String
    public var clientCertificateSubject: String?
    /// The verified client certificate's fingerprint, for technical accounts.
    public var clientCertificateFingerprint: CertificateFingerprint?
    /// Logins refused for bad credentials earlier on this connection: its
    /// next logins queue behind everybody else's for the password KDF.
    public var failedLoginsOnConnection: Int = 0
}

/// How a request ended. Outcomes that change the session carry the change,
/// so that only the state machine ever mutates connection state.
public enum RequestOutcome: Sendable {
    case response(ByteBuffer)
    case sessionOpened(Session, ByteBuffer)
    case sessionClosed(ByteBuffer)
    case failure(WireError)
}
