import FacturoWire
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Admits password-KDF work (logins, password changes) with bounded
/// concurrency and a bounded queue, in two lanes.
///
/// The KDF costs about half a second of CPU on purpose; without this, a
/// crowd of wrong-password logins would fill the thread pool and a
/// well-behaved user would wait behind all of them. Connections that
/// already failed a login, and addresses with more than their share of
/// logins waiting, go to the `suspect` lane, served only when nobody waits
/// in the `normal` one. Beyond the queue's capacity a login is refused at
/// once with the retryable `SERVER_BUSY` instead of waiting for minutes —
/// except a normal one, which takes the place of the newest suspect (that
/// one gets the `SERVER_BUSY`): suspects cannot fill the queue against
/// everybody else.
/// Written here because no kept package schedules work by priority with
/// cancellation; it is a counter and two FIFO queues under one lock.
public final class KDFScheduler: Sendable {
    public enum Lane: Sendable { case normal, suspect }

    public struct Policy: Sendable {
        /// KDF computations at once (the thread pool's size is the useful maximum).
        public var concurrency: Int
        /// Computations waiting at most, both lanes together.
        public var queueCapacity: Int
        /// Waiting computations one address may have in the normal lane.
        public var perAddressShare: Int

        public init(concurrency: Int = System.coreCount, queueCapacity: Int = 256, perAddressShare: Int = 8) {
            self.concurrency = max(1, concurrency)
            self.queueCapacity = queueCapacity
            self.perAddressShare = perAddressShare
        }
    }

    private struct Waiter {
        var id: UInt64
        var address: String
        var lane: Lane
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var running = 0
        var normal: [Waiter] = []
        var suspect: [Waiter] = []
        var nextID: UInt64 = 0
        var cancelledBeforeQueued: Set<UInt64> = []
        var waitingPerAddress: [String: Int] = [:]

        var waiting: Int { normal.count + suspect.count }

        mutating func remove(_ id: UInt64) -> Waiter? {
            if let index = normal.firstIndex(where: { $0.id == id }) { return forget(normal.remove(at: index)) }
            if let index = suspect.firstIndex(where: { $0.id == id }) { return forget(suspect.remove(at: index)) }
            return nil
        }

        mutating func next() -> Waiter? {
            if !normal.isEmpty { return forget(normal.removeFirst()) }
            if !suspect.isEmpty { return forget(suspect.removeFirst()) }
            return nil
        }

        private mutating func forget(_ waiter: Waiter) -> Waiter {
            if waiter.lane == .normal {
                waitingPerAddress[waiter.address, default: 1] -= 1
                if waitingPerAddress[waiter.address] == 0 { waitingPerAddress[waiter.address] = nil }
            }
            return waiter
        }
    }

    public let policy: Policy
    private let threadPool: NIOThreadPool
    private let state = NIOLockedValueBox(State())

    public init(policy: Policy = Policy(), threadPool: NIOThreadPool = .singleton) {
        self.policy = policy
        self.threadPool = threadPool
    }

    /// Computations running and waiting now (for `admin status` and metrics).
    public var load: (running: Int, waiting: Int) {
        state.withLockedValue { ($0.running, $0.waiting) }
    }

    /// Runs `work` on the thread pool once admitted.
    public func run<T: Sendable>(lane: Lane = .normal, address: String = "", _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await admit(lane: lane, address: address)
        defer { release() }
        return try await threadPool.runIfActive(work)
    }

    static let busy = WireError(.busy, "trop de vérifications de mot de passe en attente ; réessayez dans quelques secondes", retryable: true)

    private func admit(lane requested: Lane, address: String) async throws {
        let immediate: Bool = try state.withLockedValue { state in
            if state.running < policy.concurrency, state.waiting == 0 {
                state.running += 1
                return true
            }
            guard state.waiting < policy.queueCapacity || (requested == .normal && !state.suspect.isEmpty) else { throw Self.busy }
            return false
        }
        if immediate { return }
        let id = state.withLockedValue { state in
            state.nextID += 1
            return state.nextID
        }
        // However admission ends (admitted, refused, cancelled), no trace of
        // this id may stay behind.
        defer { state.withLockedValue { _ = $0.cancelledBeforeQueued.remove(id) } }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                var evicted: Waiter?
                let outcome: Result<Void, any Error>? = state.withLockedValue { state in
                    if state.cancelledBeforeQueued.remove(id) != nil { return .failure(CancellationError()) }
                    // Re-checked under the lock: a slot may have freed meanwhile.
                    if state.running < policy.concurrency, state.waiting == 0 {
                        state.running += 1
                        return .success(())
                    }
                    // The lane it really gets (an address past its share
                    // waits with the suspects), before any eviction.
                    var lane = requested
                    if lane == .normal, state.waitingPerAddress[address, default: 0] >= policy.perAddressShare { lane = .suspect }
                    if state.waiting >= policy.queueCapacity {
                        guard lane == .normal, !state.suspect.isEmpty else { return .failure(Self.busy) }
                        evicted = state.suspect.removeLast()
                    }
                    let waiter = Waiter(id: id, address: address, lane: lane, continuation: continuation)
                    if lane == .normal {
                        state.normal.append(waiter)
                        state.waitingPerAddress[address, default: 0] += 1
                    } else {
                        state.suspect.append(waiter)
                    }
                    return nil
                }
                evicted?.continuation.resume(throwing: Self.busy)
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter: Waiter? = state.withLockedValue { state in
                if let waiter = state.remove(id) { return waiter }
                state.cancelledBeforeQueued.insert(id)
                return nil
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
        // Admitted: the slot was handed over by `release`, or taken above.
    }

    /// Hands the finished computation's slot to the next waiter, normal
    /// lane first.
    private func release() {
        let next: Waiter? = state.withLockedValue { state in
            if let next = state.next() { return next }
            state.running -= 1
            return nil
        }
        next?.continuation.resume()
    }
}
