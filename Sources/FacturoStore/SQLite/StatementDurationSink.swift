import Synchronization

/// Where the SQLite connections send each statement's duration: nowhere
/// until the server names its metric (the store is opened first).
final class StatementDurationSink: Sendable {
    /// The closure inside a concrete struct: a bare function type stored in
    /// the generic `Mutex` gets a new pair of reabstraction thunks on every
    /// `withLock` round trip, until the nested calls overflow the stack
    /// (it did, after a few hundred thousand statements).
    private struct Target: Sendable {
        let call: @Sendable (Duration) -> Void
    }

    private let target = Mutex<Target?>(nil)

    func set(_ sink: @escaping @Sendable (Duration) -> Void) {
        target.withLock { $0 = Target(call: sink) }
    }

    func record(_ seconds: Double) {
        guard let target = target.withLock({ $0 }) else { return }
        target.call(.nanoseconds(Int64(seconds * 1_000_000_000)))
    }
}
