import NIOConcurrencyHelpers

/// The largest length field a decoder accepts right now. Shared by one
/// connection's decoder and its handler, which lowers it before login and
/// raises it once a session is open: an anonymous peer must not make the
/// server wait for (and buffer) a 16 MiB frame.
public final class FrameLengthLimit: Sendable {
    private struct State {
        var maximum: Int
        var anonymous: Bool
    }

    private let value: NIOLockedValueBox<State>

    public init(_ maximum: Int, anonymous: Bool = false) {
        value = NIOLockedValueBox(State(maximum: maximum, anonymous: anonymous))
    }

    public var current: Int { value.withLockedValue { $0.maximum } }

    /// Whether no session is open: the connection's partial frames also
    /// count against the anonymous share of the budget.
    public var isAnonymous: Bool { value.withLockedValue { $0.anonymous } }

    public func set(_ maximum: Int, anonymous: Bool) {
        value.withLockedValue { $0 = State(maximum: maximum, anonymous: anonymous) }
    }
}

/// Bytes that every connection together may hold in partial frames (a
/// frame whose length prefix arrived but not yet its body). Each decoder
/// reserves what it buffers and gives it back once the frame is complete
/// or the connection ends, so a crowd of slow senders cannot add up to
/// more memory than this, whatever each one is allowed alone.
public final class InboundByteBudget: Sendable {
    public let capacity: Int
    private let held = NIOLockedValueBox(0)

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Bytes reserved now, by every connection.
    public var reserved: Int { held.withLockedValue { $0 } }

    /// Reserves `bytes` more; false (and nothing reserved) beyond the capacity.
    public func reserve(_ bytes: Int) -> Bool { resize(from: 0, to: bytes) }

    /// Gives back bytes reserved with `reserve`.
    public func release(_ bytes: Int) { _ = resize(from: bytes, to: 0) }

    /// Changes a reservation from `old` to `new` bytes; false (and nothing
    /// changed) when growing it would exceed the capacity.
    func resize(from old: Int, to new: Int) -> Bool {
        held.withLockedValue { held in
            let next = held - old + new
            if new > old, next > capacity { return false }
            held = next
            return true
        }
    }
}
