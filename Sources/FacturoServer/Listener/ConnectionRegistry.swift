import FacturoDomain
import NIOConcurrencyHelpers
import NIOCore

/// The open connections and the sessions they carry, so that graceful
/// shutdown, `ListSessions`, `CloseSession` and notices can reach each one.
/// A connection registered after draining began is drained at once.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        var channel: any Channel
        var session: Session?
        /// Structures whose events this session asked not to get (all
        /// subscribed by default); forgotten with the session.
        var unsubscribed: Set<StructureIdentifier> = []
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var drainNotice: String?
    }

    private let state = NIOLockedValueBox(State())

    func register(_ channel: any Channel) {
        let notice: String? = state.withLockedValue { state in
            // The connection may already have logged in (`update` came
            // first: registering runs in the accept loop's child task,
            // which a busy server starts late); its session is kept.
            if state.entries[ObjectIdentifier(channel)] == nil { state.entries[ObjectIdentifier(channel)] = Entry(channel: channel) }
            return state.drainNotice
        }
        if let notice { channel.pipeline.fireUserInboundEventTriggered(DrainConnectionEvent(notice: notice)) }
    }

    func deregister(_ channel: any Channel) {
        state.withLockedValue { _ = $0.entries.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Called by a connection when its session opens (login) or closes (nil).
    ///
    /// Also before `register`: a login answered before the accept loop got
    /// to register its connection used to leave the session unknown here,
    /// so that ending the user's sessions (a deactivation) missed it.
    func update(_ channel: any Channel, session: Session?) {
        state.withLockedValue { state in
            let key = ObjectIdentifier(channel)
            if state.entries[key]?.session?.id != session?.id { state.entries[key]?.unsubscribed = [] }
            state.entries[key, default: Entry(channel: channel)].session = session
        }
    }

    /// The structures session `sessionID` unsubscribed from.
    func unsubscribed(session sessionID: String) -> Set<StructureIdentifier> {
        state.withLockedValue { $0.entries.values.first { $0.session?.id == sessionID }?.unsubscribed ?? [] }
    }

    /// Replaces what session `sessionID` unsubscribed from; false if no such session.
    func setUnsubscribed(_ structures: Set<StructureIdentifier>, session sessionID: String) -> Bool {
        state.withLockedValue { state in
            guard let key = state.entries.first(where: { $0.value.session?.id == sessionID })?.key else { return false }
            state.entries[key]?.unsubscribed = structures
            return true
        }
    }

    var connectionCount: Int { state.withLockedValue { $0.entries.count } }

    /// Live sessions, oldest first.
    var sessions: [Session] {
        state.withLockedValue { $0.entries.values.compactMap(\.session) }.sorted { ($0.openedAt, $0.id) < ($1.openedAt, $1.id) }
    }

    /// Sends `event` to every connection with a session; returns how many.
    @discardableResult
    func sendToSessions(_ event: some Sendable) -> Int {
        let channels = state.withLockedValue { $0.entries.values.filter { $0.session != nil }.map(\.channel) }
        for channel in channels { channel.pipeline.fireUserInboundEventTriggered(event) }
        return channels.count
    }

    /// Sends `event` to the connection carrying `sessionID`; false if none.
    func send(_ event: some Sendable, toSession sessionID: String) -> Bool {
        guard let channel = state.withLockedValue({ $0.entries.values.first { $0.session?.id == sessionID }?.channel }) else {
            return false
        }
        channel.pipeline.fireUserInboundEventTriggered(event)
        return true
    }

    /// Sends `event` to every connection where `user` is logged in (and,
    /// given `structure`, still subscribed to its events); returns how many.
    @discardableResult
    func send(_ event: some Sendable, toUser user: UserID, about structure: StructureIdentifier? = nil) -> Int {
        let channels = state.withLockedValue { state in
            state.entries.values.filter { entry in
                entry.session?.user.id == user && !(structure.map(entry.unsubscribed.contains) ?? false)
            }.map(\.channel)
        }
        for channel in channels { channel.pipeline.fireUserInboundEventTriggered(event) }
        return channels.count
    }

    func drainAll(notice: String) {
        let channels = state.withLockedValue { state in
            state.drainNotice = notice
            return state.entries.values.map(\.channel)
        }
        for channel in channels { channel.pipeline.fireUserInboundEventTriggered(DrainConnectionEvent(notice: notice)) }
    }
}
