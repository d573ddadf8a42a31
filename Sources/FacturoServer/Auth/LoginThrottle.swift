import Foundation

/// Locks a login name for a while after repeated failed attempts, so that
/// a password cannot be guessed online at the speed of the KDF.
///
/// Keyed by the login as typed (normalised), whether or not an account
/// exists: locking only real accounts would tell an attacker which exist.
/// Kept in memory: a restart clears it, which an attacker cannot trigger.
public actor LoginThrottle {
    public struct Policy: Sendable {
        /// Consecutive failures that trigger a lock.
        public var maxFailures: Int
        public var lockDuration: TimeInterval
        /// Logins tracked at most; beyond, the stalest unlocked ones go.
        public var capacity: Int

        public init(maxFailures: Int = 5, lockDuration: TimeInterval = 15 * 60, capacity: Int = 100_000) {
            self.maxFailures = maxFailures
            self.lockDuration = lockDuration
            self.capacity = capacity
        }
    }

    private struct Record {
        var failures = 0
        var lockedUntil: Date?
        var lastFailure: Date
    }

    private let policy: Policy
    private let now: @Sendable () -> Date
    private var records: [String: Record] = [:]

    public init(policy: Policy = Policy(), now: @escaping @Sendable () -> Date = Date.init) {
        self.policy = policy
        self.now = now
    }

    /// When the login is locked, until when; nil when it may try.
    public func lockedUntil(_ login: String) -> Date? {
        guard let until = records[Self.key(login)]?.lockedUntil else { return nil }
        if until > now() { return until }
        records[Self.key(login)] = nil
        return nil
    }

    public func recordFailure(_ login: String) {
        let key = Self.key(login)
        let time = now()
        var record = records[key] ?? Record(lastFailure: time)
        record.failures += 1
        record.lastFailure = time
        if record.failures >= policy.maxFailures {
            record.lockedUntil = time.addingTimeInterval(policy.lockDuration)
            record.failures = 0
        }
        records[key] = record
        if records.count > policy.capacity { evict() }
    }

    public func recordSuccess(_ login: String) {
        records[Self.key(login)] = nil
    }

    private func evict() {
        let time = now()
        records = records.filter { $0.value.lockedUntil.map { $0 > time } ?? false }
        // If every tracked login is locked, keep them: locks matter more
        // than memory, and capacity bounds growth between evictions.
    }

    private static func key(_ login: String) -> String {
        login.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
