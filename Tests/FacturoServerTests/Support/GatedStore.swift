import FacturoDomain
import FacturoStore

/// A store whose credential lookups wait at a gate the test opens, so a
/// test can hold a request "in flight" on the server for as long as it
/// needs, without sleeping. `entered` yields each time a lookup has to
/// wait at the closed gate.
final class GatedStore: Store {
    private let inner: any Store
    let entered: AsyncStream<Void>
    private let enteredContinuation: AsyncStream<Void>.Continuation
    private let gate = Gate()

    init(wrapping inner: any Store) {
        self.inner = inner
        (entered, enteredContinuation) = AsyncStream.makeStream()
    }

    func closeGate() async { await gate.close() }
    func openGate() async { await gate.open() }

    func credentials(for email: EmailAddress) async throws -> StoredCredentials? {
        await gate.pass(onWait: { [enteredContinuation] in enteredContinuation.yield() })
        // A request cancelled while held at the gate stops here, as real
        // database work stops at its next cancellation check.
        try Task.checkCancellation()
        return try await inner.credentials(for: email)
    }

    func user(id: UserID) async throws -> User? { try await inner.user(id: id) }
    func createUser(_ user: NewUser) async throws -> User { try await inner.createUser(user) }
    func hasPlatformAdministrator() async throws -> Bool { try await inner.hasPlatformAdministrator() }
    func isEmpty() async throws -> Bool { try await inner.isEmpty() }
    func createStructure(_ structure: Structure) async throws { try await inner.createStructure(structure) }
    func structure(siret: Siret) async throws -> Structure? { try await inner.structure(siret: siret) }
    func schemaVersion() async throws -> String { try await inner.schemaVersion() }
    func databaseSize() async throws -> UInt64 { try await inner.databaseSize() }
    func close() async throws { try await inner.close() }
}

/// Open by default; while closed, `pass()` waits until `open()` or until
/// the waiting task is cancelled.
actor Gate {
    private var isOpen = true
    private var waiting: [UInt64: CheckedContinuation<Void, Never>] = [:]
    private var nextID: UInt64 = 0

    func close() { isOpen = false }

    func open() {
        isOpen = true
        for continuation in waiting.values { continuation.resume() }
        waiting.removeAll()
    }

    /// Returns at once when open; otherwise calls `onWait` and waits.
    func pass(onWait: @Sendable () -> Void) async {
        if isOpen { return }
        let id = nextID
        nextID += 1
        onWait()
        await withTaskCancellationHandler {
            await withCheckedContinuation { waiting[id] = $0 }
        } onCancel: {
            Task { await self.release(id) }
        }
    }

    private func release(_ id: UInt64) {
        waiting.removeValue(forKey: id)?.resume()
    }
}
