import FacturoDomain
import FacturoWire
import Foundation

/// Where handlers publish server-pushed events, and reach sessions. The
/// connection registry is the in-process implementation; several servers
/// sharing one database will need one that also reaches the other servers'
/// sessions. Handlers never use the registry itself to push or to close;
/// only administrators' status and session list read this server's own
/// connections from the runtime.
protocol EventPublisher: Sendable {
    /// Pushes `payload` to every session of `user`; returns how many sessions
    /// of this server got it.
    @discardableResult
    func publish<Payload>(_ event: EventDescriptor<Payload>, _ payload: Payload, to user: UserID) -> Int

    /// Pushes `payload` to the sessions of `user` still subscribed to the
    /// events of `structure`; returns how many got it.
    @discardableResult
    func publish<Payload>(_ event: EventDescriptor<Payload>, _ payload: Payload, to user: UserID, about structure: StructureIdentifier) -> Int

    /// The structures session `sessionID` unsubscribed from.
    func unsubscribed(session sessionID: String) -> Set<StructureIdentifier>

    /// Replaces them; false if no such session is open here.
    func setUnsubscribed(_ structures: Set<StructureIdentifier>, session sessionID: String) -> Bool

    /// Pushes `payload` to every logged-in session; returns how many.
    @discardableResult
    func publishToEverySession<Payload>(_ event: EventDescriptor<Payload>, _ payload: Payload) -> Int

    /// Closes the session `id` (its user is told why); false if no such
    /// session is open.
    func closeSession(_ id: String, notice: String) -> Bool

    /// Ends every live session of `user` at once with the fatal `code`
    /// (after a notice saying why); returns how many there were.
    @discardableResult
    func endSessions(of user: UserID, code: ErrorCode, notice: String) -> Int
}

/// Who an event frame is for, as a connection checks it.
enum EventRecipient: Sendable, Equatable {
    case user(UserID)
    case everySession
}

/// Asks a connection to push an event frame to its logged-in user, if the
/// recipient is that user (or every session).
struct PushEventFrameEvent: Sendable {
    var recipient: EventRecipient
    var frame: Frame
}

extension ConnectionRegistry: EventPublisher {
    func publish<Payload>(_ event: EventDescriptor<Payload>, _ payload: Payload, to user: UserID) -> Int {
        send(PushEventFrameEvent(recipient: .user(user), frame: event.frame(payload)), toUser: user)
    }

    func publish<Payload>(_ event: EventDescriptor<Payload>, _ payload: Payload, to user: UserID, about structure: StructureIdentifier) -> Int {
        send(PushEventFrameEvent(recipient: .user(user), frame: event.frame(payload)), toUser: user, about: structure)
    }

    func publishToEverySession<Payload>(_ event: EventDescriptor<Payload>, _ payload: Payload) -> Int {
        sendToSessions(PushEventFrameEvent(recipient: .everySession, frame: event.frame(payload)))
    }

    func closeSession(_ id: String, notice: String) -> Bool {
        send(CloseSessionEvent(notice: notice), toSession: id)
    }

    func endSessions(of user: UserID, code: ErrorCode, notice: String) -> Int {
        send(CloseSessionEvent(code: code, notice: notice), toUser: user)
    }
}

extension Facturo_V1_NoticeEvent {
    /// A notice stamped now.
    static func notice(_ text: String, at date: Date = Date()) -> Self {
        .with {
            $0.text = text
            $0.sentAtUnixMs = Int64(date.timeIntervalSince1970 * 1000)
        }
    }
}
