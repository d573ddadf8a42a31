import Foundation

/// Locks a login name for a while after repeated failed attempts, so that
/// a password cannot be guessed online at the speed of the KDF.
///
/// Keyed by the login as typed (normalised), whether or not an account
/// exists: locking only real accounts would tell an attacker which exist.
/// Kept in memory: a restart clears it, which an attacker cannot trigger.
///
/// Attempts over a connection whose client certificate the server verified
/// count apart, per certificate: anyone who reaches the port can lock a
/// login (the administrator's included) for attempts without a
/// certificate, never for the holder of a certificate, whose own attempts
/// are limited the same way and identified by it.
public actor LoginThrottle {
    /// A login name, and the SHA-256 of the verified client certificate the
    /// attempt came with (nil: none).
    public struct Bucket: Hashable, Sendable {
        public var login: String
        public var certificate: String?

        public init(_ login: String, certificate: String? = nil) {
            self.login = login.trimmingCharacters(in: .whitespaces).lowercased()
            self.certificate = certificate
        }
    }

    /// A login locked now, for `admin status`.
    public struct Lock: Sendable, Equatable {
        public var bucket: Bucket
        public var until: Date
    }

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
    private var records: [Bucket: Record] = [:]

    public init(policy: Policy = Policy(), now: @escaping @Sendable () -> Date = Date.init) {
        self.policy = policy
        self.now = now
    }

    /// When the login is locked, until when; nil when it may try.
    public func lockedUntil(_ login: String, certificate: String? = nil) -> Date? {
        let bucket = Bucket(login, certificate: certificate)
        guard let until = records[bucket]?.lockedUntil else { return nil }
        if until > now() { return until }
        records[bucket] = nil
        return nil
    }

    /// Counts a failure; true when it starts a lock.
    @discardableResult
    public func recordFailure(_ login: String, certificate: String? = nil) -> Bool {
        let bucket = Bucket(login, certificate: certificate)
        let time = now()
        var record = records[bucket] ?? Record(lastFailure: time)
        record.failures += 1
        record.lastFailure = time
        var locked = false
        if record.failures >= policy.maxFailures {
            record.lockedUntil = time.addingTimeInterval(policy.lockDuration)
            record.failures = 0
            locked = true
        }
        records[bucket] = record
        if records.count > policy.capacity { evict() }
        return locked
    }

    /// A success clears its own bucket only: a lock others caused stays.
    public func recordSuccess(_ login: String, certificate: String? = nil) {
        records[Bucket(login, certificate: certificate)] = nil
    }

    /// The logins locked now, the latest lock first, at most `limit`.
    public func locks(limit: Int) -> (total: Int, latest: [Lock]) {
        let time = now()
        let current = records.compactMap { bucket, record in
            record.lockedUntil.flatMap { $0 > time ? Lock(bucket: bucket, until: $0) : nil }
        }.sorted { $0.until > $1.until }
        return (current.count, Array(current.prefix(limit)))
    }

    private func evict() {
        let time = now()
        records = records.filter { $0.value.lockedUntil.map { $0 > time } ?? false }
        // If every tracked login is locked, keep them: locks matter more
        // than memory, and capacity bounds growth between evictions.
    }
}
