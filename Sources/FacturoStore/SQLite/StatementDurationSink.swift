import Synchronization

/// Where the SQLite connections send each statement's duration: nowhere
/// until the server names its metric (the store is opened first).
final class StatementDurationSink: Sendable {
    private let sink = Mutex<(@Sendable (Duration) -> Void)?>(nil)

    func set(_ sink: @escaping @Sendable (Duration) -> Void) {
        self.sink.withLock { $0 = sink }
    }

    func record(_ seconds: Double) {
        guard let sink = sink.withLock({ $0 }) else { return }
        sink(.nanoseconds(Int64(seconds * 1_000_000_000)))
    }
}
