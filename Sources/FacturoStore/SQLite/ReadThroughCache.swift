import GRDB
import Synchronization

/// Values read from the database, kept in memory so that the reads every
/// request makes (the caller's rights, the structures it names) cost no
/// database access.
///
/// Correctness rests on one rule: a committed change to any of the
/// `sourceTables` a value is built from empties the cache before the
/// writing call returns. `CacheInvalidator` sees every write of the pool's
/// single writer connection, whatever code path made it, so a revocation
/// still applies at the caller's very next request.
///
/// A value read while such a change commits is tagged with the generation
/// seen before the read began, so it is never served after that commit
/// (its tag is already stale).
final class ReadThroughCache<Key: Hashable & Sendable, Value: Sendable>: Sendable, InvalidatableCache {
    let sourceTables: Set<String>
    /// Beyond this many entries the cache starts again from empty: the
    /// values are small, but a directory of every public entity is not.
    let capacity: Int

    private struct State {
        var generation: UInt64 = 0
        var entries: [Key: (generation: UInt64, value: Value)] = [:]
    }

    private let state = Mutex(State())

    init(sourceTables: Set<String>, capacity: Int = 50_000) {
        self.sourceTables = sourceTables
        self.capacity = capacity
    }

    /// The value if still current, or nil: the caller reads it (tagged
    /// with `generation`, taken first) and stores it.
    func lookup(_ key: Key) -> Value? {
        state.withLock { state in
            guard let entry = state.entries[key], entry.generation == state.generation else { return nil }
            return entry.value
        }
    }

    /// The generation to tag a read with: take it before the read.
    var generation: UInt64 { state.withLock { $0.generation } }

    func store(_ value: Value, for key: Key, readAt generation: UInt64) {
        state.withLock { state in
            guard generation == state.generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = (generation, value)
        }
    }

    func invalidateAll() {
        state.withLock { state in
            state.generation &+= 1
            state.entries.removeAll(keepingCapacity: true)
        }
    }
}

protocol InvalidatableCache: Sendable {
    var sourceTables: Set<String> { get }
    func invalidateAll()
}

/// Watches the writer connection and empties every cache whose source
/// tables a transaction touched, when it commits (also when it is rolled
/// back after a change, to stay on the safe side).
final class CacheInvalidator: TransactionObserver, @unchecked Sendable {
    // Only the writer connection's queue calls the observer methods, one
    // at a time: `touched` needs no lock.
    private let caches: [any InvalidatableCache]
    private let tables: Set<String>
    private var touched: Set<String> = []

    init(_ caches: [any InvalidatableCache]) {
        self.caches = caches
        tables = caches.reduce(into: []) { $0.formUnion($1.sourceTables) }
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        tables.contains(eventKind.tableName)
    }

    func databaseDidChange(with event: DatabaseEvent) {
        touched.insert(event.tableName)
    }

    func databaseDidCommit(_ db: Database) { flush() }

    func databaseDidRollback(_ db: Database) { flush() }

    private func flush() {
        guard !touched.isEmpty else { return }
        for cache in caches where !cache.sourceTables.isDisjoint(with: touched) {
            cache.invalidateAll()
        }
        touched.removeAll(keepingCapacity: true)
    }
}
