import FacturoClient
import NIOConcurrencyHelpers

/// The named sessions of one console run (`session NAME`), each with its
/// own connection and user, so a scenario can play the supplier and the
/// recipient side by side. The first is called "main".
///
/// Shared with completion and the event display, hence its state behind
/// a lock.
public final class SessionPool: Sendable {
    public static let mainName = "main"

    private struct State {
        var sessions: [String: ConsoleSession]
        var currentName: String
    }

    private let configuration: ClientConfiguration
    private let state: NIOLockedValueBox<State>
    private let onEvent: @Sendable (String, ConsoleEvent) -> Void

    /// `onEvent` receives every event pushed to any session, with the
    /// session's name (the interactive prompt prints them).
    public init(configuration: ClientConfiguration, onEvent: @escaping @Sendable (String, ConsoleEvent) -> Void = { _, _ in }) {
        self.configuration = configuration
        self.onEvent = onEvent
        let main = ConsoleSession(configuration: configuration) { onEvent(SessionPool.mainName, $0) }
        self.state = NIOLockedValueBox(State(sessions: [Self.mainName: main], currentName: Self.mainName))
    }

    public var currentName: String { state.withLockedValue { $0.currentName } }
    public var current: ConsoleSession { state.withLockedValue { $0.sessions[$0.currentName]! } }

    /// Switches to `name`, opening it (not yet connected) if new.
    public func switchTo(_ name: String) {
        state.withLockedValue { state in
            if state.sessions[name] == nil {
                state.sessions[name] = ConsoleSession(configuration: configuration) { [onEvent] in onEvent(name, $0) }
            }
            state.currentName = name
        }
    }

    public func closeAll() async {
        for session in state.withLockedValue({ Array($0.sessions.values) }) { await session.close() }
    }
}
