import FacturoWire
import Foundation
import NIOCore

/// The protocol rules of one server connection, without any I/O.
///
/// In the manner of postgres-nio: every event (a frame arrived, a request
/// finished, a timer fired) returns the actions the channel handler must
/// perform. All ordering rules live here and are unit-tested without a
/// socket: handshake first, login before anything but ping, in-flight
/// bound, exactly one final answer per correlation id, one login at a
/// time, answers within the frame maximum, fatal errors last, draining.
public struct ConnectionStateMachine {
    public enum Action: Equatable {
        /// Write this frame; keep going.
        case send(Frame)
        /// Run this request and report back with `requestCompleted`.
        case dispatch(Frame, session: Session?)
        /// Write this frame, then close the connection.
        case sendAndClose(Frame)
        /// Close the connection now.
        case close
        /// Cancel the running request with this correlation id.
        case cancel(UInt32)
        /// Read nothing more from the socket: the connection is ending.
        case stopReading
        /// Accept frames up to this length from now on (login, logout).
        case setFrameLimit(Int)
    }

    enum State: Equatable {
        case awaitingHandshake
        case open(session: Session?)
        /// A fatal error is due; the requests already accepted are answered
        /// first, then it is sent and the connection closes.
        case closing(fatal: Frame)
        case closed
    }

    /// Identity the server announces in the handshake.
    public struct ServerIdentity: Sendable {
        public var name: String
        public var version: String
        public init(name: String, version: String) {
            self.name = name
            self.version = version
        }
    }

    private(set) var state: State = .awaitingHandshake
    private(set) var inFlight: Set<UInt32> = []
    private(set) var draining = false
    /// The login running on this connection, if any: one at a time.
    private(set) var loginInFlight: UInt32?
    /// The login deadline passed while a login was running: that login is
    /// the last chance (a connection cannot hold its slot by always having
    /// a login in flight).
    private(set) var loginDeadlinePassed = false
    /// Logins refused for bad credentials on this connection: such a
    /// connection's next logins wait behind everybody else's.
    public private(set) var failedLogins = 0
    let limits: ConnectionLimits
    let identity: ServerIdentity
    let supportedVersions: ClosedRange<UInt32>

    public init(limits: ConnectionLimits, identity: ServerIdentity, supportedVersions: ClosedRange<UInt32> = ProtocolVersion.supported) {
        self.limits = limits
        self.identity = identity
        self.supportedVersions = supportedVersions
    }

    /// The session currently logged in, if any.
    public var session: Session? {
        if case let .open(session) = state { return session }
        return nil
    }

    public var inFlightCount: Int { inFlight.count }

    /// Whether the protocol handshake is still awaited.
    public var isAwaitingHandshake: Bool { state == .awaitingHandshake }

    public var isClosed: Bool { state == .closed }

    // MARK: Events

    public mutating func frameReceived(_ frame: Frame) -> [Action] {
        switch state {
        case .closed, .closing:
            return []
        case .awaitingHandshake:
            guard frame.kind == .request else {
                return fatal(.unexpectedFrameKind, "a client may only send request frames, got \(frame.kind)", correlationID: frame.correlationID, frame.messageType)
            }
            guard frame.messageType == SessionCatalogue.handshake.messageType else {
                return fatal(.handshakeRequired, "the first request must be a handshake", correlationID: frame.correlationID, frame.messageType)
            }
            guard frame.correlationID != 0 else {
                return fatal(.invalidCorrelationID, "correlation id 0 is reserved for connection-level errors and events", correlationID: 0, .none)
            }
            return handshake(frame)
        case let .open(session):
            guard frame.kind == .request else {
                return fatal(.unexpectedFrameKind, "a client may only send request frames, got \(frame.kind)", correlationID: 0, .none)
            }
            // An id the client cannot use is fatal and connection-level:
            // answering it under that id would look like the answer of the
            // request already in flight with it.
            guard frame.correlationID != 0 else {
                return fatal(.invalidCorrelationID, "correlation id 0 is reserved for connection-level errors and events", correlationID: 0, .none)
            }
            guard !inFlight.contains(frame.correlationID) else {
                return fatal(.invalidCorrelationID, "correlation id \(frame.correlationID) is already in flight", correlationID: 0, .none)
            }
            if frame.messageType == SessionCatalogue.handshake.messageType {
                return fatal(.handshakeRepeated, "the handshake was already done on this connection", correlationID: frame.correlationID, frame.messageType)
            }
            guard let descriptor = RequestCatalogue.descriptor(for: frame.messageType) else {
                return [.send(refusal(.unknownMessageType, "unknown message type \(frame.messageType.rawValue)", frame))]
            }
            if descriptor.messageType == SessionCatalogue.cancel.messageType {
                return cancel(frame)
            }
            if draining {
                return [.send(refusal(.shuttingDown, "le serveur s'arrête ; reconnectez-vous plus tard", frame, retryable: true))]
            }
            if session == nil, descriptor.access == .session {
                return [.send(WireError.loginRequired.frame(correlationID: frame.correlationID, messageType: frame.messageType))]
            }
            guard inFlight.count < limits.maxInFlight else {
                return [.send(refusal(.tooManyInFlight, "trop de requêtes en cours (maximum \(limits.maxInFlight))", frame, retryable: true))]
            }
            let isLogin = Self.loginTypes.contains(frame.messageType)
            if isLogin, loginDeadlinePassed {
                return fatal(.loginTimeout, Self.loginTimeoutMessage(limits), correlationID: 0, .none, retryable: true)
            }
            if isLogin {
                guard loginInFlight == nil else {
                    return [.send(refusal(.loginInProgress, "une connexion (login) est déjà en cours sur cette connexion ; attendez sa réponse", frame, retryable: true))]
                }
                loginInFlight = frame.correlationID
            }
            inFlight.insert(frame.correlationID)
            return [.dispatch(frame, session: session)]
        }
    }

    public mutating func requestCompleted(correlationID: UInt32, messageType: MessageType, outcome: RequestOutcome) -> [Action] {
        guard inFlight.remove(correlationID) != nil else { return [] }
        if loginInFlight == correlationID {
            loginInFlight = nil
            if case let .failure(error) = outcome, error.code == .invalidCredentials { failedLogins += 1 }
        }
        if loginDeadlinePassed, session == nil, Self.loginTypes.contains(messageType),
           case let .failure(refusal) = outcome, case .open = state {
            // The last chance failed: the deadline applies now.
            state = .closed
            let timeout = WireError(.loginTimeout, Self.loginTimeoutMessage(limits), retryable: true, fatal: true)
            return [.send(refusal.frame(correlationID: correlationID, messageType: messageType)), .sendAndClose(timeout.frame(correlationID: 0, messageType: .none))]
        }
        if case let .failure(error) = outcome, error.fatal {
            // Fatal means closed, and concerns the connection (an account
            // deactivated under its session): connection-level, last,
            // whatever else was due.
            switch state {
            case .open, .closing:
                state = .closed
                return [.sendAndClose(error.frame(correlationID: 0, messageType: .none))]
            case .awaitingHandshake, .closed:
                return []
            }
        }
        switch state {
        case .open:
            break
        case let .closing(fatalFrame):
            var actions = answer(correlationID: correlationID, messageType: messageType, outcome: outcome, sessionChanges: false)
            if inFlight.isEmpty {
                state = .closed
                actions.append(.sendAndClose(fatalFrame))
            }
            return actions
        case .awaitingHandshake, .closed:
            return []
        }
        var actions = answer(correlationID: correlationID, messageType: messageType, outcome: outcome, sessionChanges: true)
        if draining, inFlight.isEmpty {
            state = .closed
            actions.append(.close)
        }
        return actions
    }

    /// Bytes that cannot be cut into frames: report and close, once the
    /// frames that arrived complete before them have been answered.
    public mutating func decodingFailed(_ error: FrameCodecError) -> [Action] {
        fatal(error.errorCode, error.message, correlationID: 0, .none, retryable: error.retryable)
    }

    /// Nothing was read for the idle timeout. A connection waiting for its
    /// own slow requests is not idle.
    public mutating func idleTimeoutFired() -> [Action] {
        guard inFlight.isEmpty else { return [] }
        switch state {
        case .closed, .closing: return []
        case .awaitingHandshake, .open: break
        }
        state = .closed
        let seconds = limits.idleTimeout.nanoseconds / 1_000_000_000
        return [.sendAndClose(WireError(.idleTimeout, "connexion inactive depuis \(seconds) s", retryable: true, fatal: true).frame(correlationID: 0, messageType: .none))]
    }

    /// TLS completed but no protocol handshake came within the deadline.
    public mutating func handshakeTimeoutFired() -> [Action] {
        guard state == .awaitingHandshake else { return [] }
        state = .closed
        let seconds = limits.handshakeTimeout.nanoseconds / 1_000_000_000
        return [.sendAndClose(WireError(.handshakeTimeout, "pas de poignée de main (handshake) en \(seconds) s", retryable: true, fatal: true).frame(correlationID: 0, messageType: .none))]
    }

    /// No session since the handshake (or the logout) for the login
    /// deadline. A login still running (queued for the KDF) is waited for:
    /// nil means "not now, ask again later".
    public mutating func loginTimeoutFired() -> [Action]? {
        guard case .open(session: nil) = state else { return [] }
        guard loginInFlight == nil else {
            loginDeadlinePassed = true
            return nil
        }
        return fatal(.loginTimeout, Self.loginTimeoutMessage(limits), correlationID: 0, .none, retryable: true)
    }

    static func loginTimeoutMessage(_ limits: ConnectionLimits) -> String {
        "aucune connexion (login) en \(limits.loginTimeout.nanoseconds / 1_000_000_000) s ; reconnectez-vous pour vous identifier"
    }

    /// The grace period of a closing connection ran out: the requests still
    /// running are cut off, and the fatal error is sent, last.
    public mutating func closingDeadlineFired() -> [Action] {
        guard case let .closing(fatalFrame) = state else { return [] }
        state = .closed
        return [.sendAndClose(fatalFrame)]
    }


    /// The connection limit was reached when this one was accepted: it is
    /// told so (retryable) as soon as TLS allows, and closed.
    public mutating func refuseOverCapacity(maxConnections: Int) -> [Action] {
        guard state == .awaitingHandshake else { return [] }
        state = .closed
        return [.sendAndClose(WireError(.tooManyConnections, "le serveur a atteint son nombre maximal de connexions (\(maxConnections)) ; réessayez plus tard", retryable: true, fatal: true).frame(correlationID: 0, messageType: .none))]
    }

    /// The server is shutting down: tell the client, refuse new requests,
    /// close once what is in flight has been answered.
    public mutating func drainRequested(notice: String, now: Date) -> [Action] {
        guard !draining else { return [] }
        switch state {
        case .closed, .closing: return []
        case .awaitingHandshake, .open: break
        }
        draining = true
        var actions: [Action] = []
        if case .open = state {
            actions.append(.send(Self.notice(notice, now: now)))
        }
        if inFlight.isEmpty {
            state = .closed
            actions.append(.close)
        }
        return actions
    }

    /// An event pushed by a handler: sent only to a logged-in session, and
    /// only if it is for this session's user (or for every session).
    mutating func eventRequested(_ frame: Frame, for recipient: EventRecipient) -> [Action] {
        guard case let .open(session: .some(session)) = state else { return [] }
        if case let .user(user) = recipient, session.user.id != user { return [] }
        // Never a frame above the maximum, whatever a handler pushes.
        guard frame.lengthFieldValue <= limits.maxFrameLength else { return [] }
        return [.send(frame)]
    }

    /// The session must end now (an administrator closed it, or its account
    /// was deactivated or revoked): a notice for people, then the fatal
    /// error that explains the close, last, then close. Requests still in
    /// flight are not answered.
    public mutating func closeRequested(code: ErrorCode = .sessionClosed, notice: String, now: Date) -> [Action] {
        guard case .open(session: .some) = state else { return [] }
        state = .closed
        let error = WireError(code, notice, fatal: true)
        return [.send(Self.notice(notice, now: now)), .sendAndClose(error.frame(correlationID: 0, messageType: .none))]
    }

    static func notice(_ text: String, now: Date) -> Frame {
        EventCatalogue.notice.frame(.notice(text, at: now))
    }

    /// The peer or the network closed the connection; late completions are dropped.
    public mutating func channelClosed() {
        state = .closed
    }

    // MARK: Helpers

    static let loginTypes: Set<MessageType> = [SessionCatalogue.login.messageType, SessionCatalogue.certificateLogin.messageType]

    /// The frame answering a finished request, kept within the frame
    /// maximum; with `sessionChanges`, login and logout take effect.
    private mutating func answer(correlationID: UInt32, messageType: MessageType, outcome: RequestOutcome, sessionChanges: Bool) -> [Action] {
        let payload: ByteBuffer
        var change: Session?? = nil
        switch outcome {
        case let .failure(error):
            return [.send(error.frame(correlationID: correlationID, messageType: messageType))]
        case let .response(body):
            payload = body
        case let .sessionOpened(session, body):
            payload = body
            change = .some(session)
        case let .sessionClosed(body):
            payload = body
            change = .some(nil)
        }
        let length = Frame.headerSizeAfterLength + payload.readableBytes
        guard length <= limits.maxFrameLength else {
            let error = WireError(.responseTooLarge, "la réponse ferait \(length) octets, au-delà du maximum de \(limits.maxFrameLength) ; demandez moins (pages plus petites, filtres)")
            return [.send(error.frame(correlationID: correlationID, messageType: messageType))]
        }
        var actions: [Action] = [.send(Frame(kind: .response, messageType: messageType, correlationID: correlationID, payload: payload))]
        if sessionChanges, let change {
            // Requests of an old session still in flight finish under it;
            // only new requests see the login or logout.
            state = .open(session: change)
            actions.append(.setFrameLimit(change == nil ? limits.maxFrameLengthBeforeLogin : limits.maxFrameLength))
        }
        return actions
    }

    private mutating func handshake(_ frame: Frame) -> [Action] {
        let request: Facturo_V1_HandshakeRequest
        do {
            request = try frame.decode(Facturo_V1_HandshakeRequest.self)
        } catch {
            state = .closed
            var fatalError = error
            fatalError.fatal = true
            return [.sendAndClose(fatalError.frame(correlationID: frame.correlationID, messageType: frame.messageType))]
        }
        guard let version = ProtocolVersion.negotiate(offeredMin: request.minVersion, offeredMax: request.maxVersion, supported: supportedVersions) else {
            state = .closed
            let error = WireError(
                .versionUnsupported,
                "no common protocol version: client offers \(request.minVersion)...\(request.maxVersion), server speaks \(supportedVersions.lowerBound)...\(supportedVersions.upperBound)",
                fatal: true,
                supportedVersions: supportedVersions
            )
            return [.sendAndClose(error.frame(correlationID: frame.correlationID, messageType: frame.messageType))]
        }
        state = .open(session: nil)
        let response = Facturo_V1_HandshakeResponse.with {
            $0.version = version
            $0.serverName = identity.name
            $0.serverVersion = identity.version
            $0.limits = .with {
                $0.maxFrameLength = UInt32(limits.maxFrameLength)
                $0.maxInFlight = UInt32(limits.maxInFlight)
                $0.idleTimeoutSeconds = UInt32(limits.idleTimeout.nanoseconds / 1_000_000_000)
                $0.maxFrameLengthBeforeLogin = UInt32(limits.maxFrameLengthBeforeLogin)
                $0.handshakeTimeoutSeconds = UInt32(limits.handshakeTimeout.nanoseconds / 1_000_000_000)
            }
        }
        return [.send(Frame(kind: .response, messageType: SessionCatalogue.handshake.messageType, correlationID: frame.correlationID, message: response))]
    }

    /// Cancel is answered here and now, outside the in-flight bound (the
    /// connection keeps reading at the bound): a client at its limit must
    /// still be able to stop something.
    private func cancel(_ frame: Frame) -> [Action] {
        let request: Facturo_V1_CancelRequest
        do {
            request = try frame.decode(Facturo_V1_CancelRequest.self)
        } catch {
            return [.send(error.frame(correlationID: frame.correlationID, messageType: frame.messageType))]
        }
        let found = inFlight.contains(request.correlationID)
        let response = Frame(kind: .response, messageType: SessionCatalogue.cancel.messageType, correlationID: frame.correlationID, message: Facturo_V1_CancelResponse.with { $0.found = found })
        return found ? [.cancel(request.correlationID), .send(response)] : [.send(response)]
    }

    /// A fatal error caused by what the client sent. The requests already
    /// accepted are answered first (they arrived before the bad input);
    /// nothing more is read or run.
    private mutating func fatal(_ code: ErrorCode, _ message: String, correlationID: UInt32, _ messageType: MessageType, retryable: Bool = false) -> [Action] {
        switch state {
        case .closed, .closing: return []
        case .awaitingHandshake, .open: break
        }
        let frame = WireError(code, message, retryable: retryable, fatal: true).frame(correlationID: correlationID, messageType: messageType)
        if inFlight.isEmpty {
            state = .closed
            return [.sendAndClose(frame)]
        }
        state = .closing(fatal: frame)
        return [.stopReading]
    }

    private func refusal(_ code: ErrorCode, _ message: String, _ frame: Frame, retryable: Bool = false) -> Frame {
        WireError(code, message, retryable: retryable).frame(correlationID: frame.correlationID, messageType: frame.messageType)
    }
}
