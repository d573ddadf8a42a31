import FacturoWire
import Foundation
import NIOCore

/// The protocol rules of one server connection, without any I/O.
///
/// In the manner of postgres-nio: every event (a frame arrived, a request
/// finished, a timer fired) returns the actions the channel handler must
/// perform. All ordering rules live here and are unit-tested without a
/// socket: handshake first, login before anything but ping, in-flight
/// bound, exactly one final answer per correlation id, draining.
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
        /// Stop reading from the socket until `resumeReading`.
        case pauseReading
        case resumeReading
    }

    enum State: Equatable {
        case awaitingHandshake
        case open(session: Session?)
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
    private(set) var readingPaused = false
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

    /// Whether the socket should be left unread (in-flight bound reached).
    public var isReadingPaused: Bool { readingPaused }

    // MARK: Events

    public mutating func frameReceived(_ frame: Frame) -> [Action] {
        if case .closed = state { return [] }
        guard frame.kind == .request else {
            return fatal(.unexpectedFrameKind, "a client may only send request frames, got \(frame.kind)", frame)
        }
        switch state {
        case .closed:
            return []
        case .awaitingHandshake:
            guard frame.messageType == SessionCatalogue.handshake.messageType else {
                return fatal(.handshakeRequired, "the first request must be a handshake", frame)
            }
            return handshake(frame)
        case let .open(session):
            if frame.messageType == SessionCatalogue.handshake.messageType {
                return fatal(.handshakeRepeated, "the handshake was already done on this connection", frame)
            }
            guard frame.correlationID != 0 else {
                return [.send(WireError(.invalidCorrelationID, "correlation id 0 is reserved").frame(correlationID: 0, messageType: frame.messageType))]
            }
            guard !inFlight.contains(frame.correlationID) else {
                return [.send(WireError(.invalidCorrelationID, "correlation id \(frame.correlationID) is already in flight").frame(correlationID: frame.correlationID, messageType: frame.messageType))]
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
            inFlight.insert(frame.correlationID)
            var actions: [Action] = [.dispatch(frame, session: session)]
            if inFlight.count >= limits.maxInFlight, !readingPaused {
                readingPaused = true
                actions.append(.pauseReading)
            }
            return actions
        }
    }

    public mutating func requestCompleted(correlationID: UInt32, messageType: MessageType, outcome: RequestOutcome) -> [Action] {
        guard inFlight.remove(correlationID) != nil else { return [] }
        guard case .open = state else { return [] }
        var actions: [Action]
        switch outcome {
        case let .response(payload):
            actions = [.send(Frame(kind: .response, messageType: messageType, correlationID: correlationID, payload: payload))]
        case let .sessionOpened(newSession, payload):
            state = .open(session: newSession)
            actions = [.send(Frame(kind: .response, messageType: messageType, correlationID: correlationID, payload: payload))]
        case let .sessionClosed(payload):
            // Requests of the old session still in flight finish under it;
            // only new requests see the logout.
            state = .open(session: nil)
            actions = [.send(Frame(kind: .response, messageType: messageType, correlationID: correlationID, payload: payload))]
        case let .failure(error):
            actions = [.send(error.frame(correlationID: correlationID, messageType: messageType))]
        }
        if readingPaused, inFlight.count < limits.maxInFlight, !draining {
            readingPaused = false
            actions.append(.resumeReading)
        }
        if draining, inFlight.isEmpty {
            state = .closed
            actions.append(.close)
        }
        return actions
    }

    /// Bytes that cannot be cut into frames: report and close.
    public mutating func decodingFailed(_ error: FrameCodecError) -> [Action] {
        if case .closed = state { return [] }
        state = .closed
        return [.sendAndClose(WireError(error.errorCode, error.message, fatal: true).frame(correlationID: 0, messageType: .none))]
    }

    /// Nothing was read for the idle timeout. A connection waiting for its
    /// own slow requests is not idle.
    public mutating func idleTimeoutFired() -> [Action] {
        guard inFlight.isEmpty else { return [] }
        if case .closed = state { return [] }
        state = .closed
        let seconds = limits.idleTimeout.nanoseconds / 1_000_000_000
        return [.sendAndClose(WireError(.idleTimeout, "connexion inactive depuis \(seconds) s", retryable: true, fatal: true).frame(correlationID: 0, messageType: .none))]
    }

    /// The server is shutting down: tell the client, refuse new requests,
    /// close once what is in flight has been answered.
    public mutating func drainRequested(notice: String, now: Date) -> [Action] {
        if case .closed = state { return [] }
        guard !draining else { return [] }
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
        return [.send(frame)]
    }

    /// An administrator closed this session: a fatal error first, so that a
    /// client stops using the connection before it can react to anything
    /// else, then a notice for people, then close.
    public mutating func closeRequested(notice: String, now: Date) -> [Action] {
        guard case .open = state else { return [] }
        state = .closed
        let error = WireError(.sessionClosed, notice, fatal: true)
        return [.send(error.frame(correlationID: 0, messageType: .none)), .sendAndClose(Self.notice(notice, now: now))]
    }

    static func notice(_ text: String, now: Date) -> Frame {
        EventCatalogue.notice.frame(.notice(text, at: now))
    }

    /// The peer or the network closed the connection; late completions are dropped.
    public mutating func channelClosed() {
        state = .closed
    }

    // MARK: Helpers

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
            }
        }
        return [.send(Frame(kind: .response, messageType: SessionCatalogue.handshake.messageType, correlationID: frame.correlationID, message: response))]
    }

    /// Cancel is answered here and now, outside the in-flight bound: a
    /// client at its limit must still be able to stop something.
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

    private mutating func fatal(_ code: ErrorCode, _ message: String, _ frame: Frame) -> [Action] {
        state = .closed
        return [.sendAndClose(WireError(code, message, fatal: true).frame(correlationID: frame.correlationID, messageType: frame.messageType))]
    }

    private func refusal(_ code: ErrorCode, _ message: String, _ frame: Frame, retryable: Bool = false) -> Frame {
        WireError(code, message, retryable: retryable).frame(correlationID: frame.correlationID, messageType: frame.messageType)
    }
}
