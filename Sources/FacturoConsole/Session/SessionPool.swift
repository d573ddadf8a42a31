import FacturoClient

/// The named sessions of one console run (`session NAME`), each with its
/// own connection and user, so a scenario can play the supplier and the
/// recipient side by side. The first is called "main".
public final class SessionPool: Sendable {
    public static let mainName = "main"

    private let configuration: ClientConfiguration
    private let state: NIOLockedSessions
    private let onEvent: @Sendable (String, ConsoleEvent) -> Void

    /// `onEvent` receives every event pushed to any session, with the
    /// session's name (the interactive prompt prints them).
    public init(configuration: ClientConfiguration, onEvent: @escaping @Sendable (String, ConsoleEvent) -> Void = { _, _ in }) {
        self.configuration = configuration
        self.onEvent = onEvent
        self.state = NIOLockedSessions(main: ConsoleSession(configuration: configuration) { onEvent(SessionPool.mainName, $0) })
    }

    public var currentName: String { state.currentName }
    public var current: ConsoleSession { state.current }

    /// Switches to `name`, opening it (not yet connected) if new.
    public func switchTo(_ name: String) {
        state.switchTo(name) { [onEvent] in ConsoleSession(configuration: configuration) { onEvent(name, $0) } }
    }

    public func closeAll() async {
        for session in state.all { await session.close() }
    }
}

import NIOConcurrencyHelpers

/// The pool's mutable part behind a lock (the pool is shared with
/// completion and event display).
final class NIOLockedSessions: Sendable {
    private struct State {
        var sessions: [String: ConsoleSession]
        var currentName: String
    }

    private let box: NIOLockedValueBox<State>

    init(main: ConsoleSession) {
        box = NIOLockedValueBox(State(sessions: [SessionPool.mainName: main], currentName: SessionPool.mainName))
    }

    var currentName: String { box.withLockedValue { $0.currentName } }
    var current: ConsoleSession { box.withLockedValue { $0.sessions[$0.currentName]! } }
    var all: [ConsoleSession] { box.withLockedValue { Array($0.sessions.values) } }

    func switchTo(_ name: String, make: () -> ConsoleSession) {
        box.withLockedValue { state in
            if state.sessions[name] == nil { state.sessions[name] = make() }
            state.currentName = name
        }
    }
}
