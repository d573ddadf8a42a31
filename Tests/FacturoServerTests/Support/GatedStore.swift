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
    func hasPlatformAdministrator() async throws -> Bool { try await inner.hasPlatformAdministrator() }
    func isEmpty() async throws -> Bool { try await inner.isEmpty() }
    func createStructure(_ structure: Structure, by actor: AuditActor) async throws { try await inner.createStructure(structure, by: actor) }
    func structure(_ identifier: StructureIdentifier) async throws -> Structure? { try await inner.structure(identifier) }
    func searchStructures(_ query: DirectoryQuery) async throws -> DirectoryPage { try await inner.searchStructures(query) }
    func updateStructure(_ structure: Structure, by actor: AuditActor) async throws -> Bool { try await inner.updateStructure(structure, by: actor) }
    func saveService(_ service: Service, of structure: StructureIdentifier, by actor: AuditActor) async throws -> SaveResult { try await inner.saveService(service, of: structure, by: actor) }
    func importDirectory(_ records: [DirectoryImportLayout.Record], by actor: AuditActor) async throws -> ImportTally { try await inner.importDirectory(records, by: actor) }
    func user(email: EmailAddress) async throws -> User? { try await inner.user(email: email) }
    func createUser(_ user: NewUser, attachment: StructureAttachment?, by actor: AuditActor) async throws -> User { try await inner.createUser(user, attachment: attachment, by: actor) }
    func users(attachedTo structure: StructureIdentifier?) async throws -> [User] { try await inner.users(attachedTo: structure) }
    func technicalAccount(fingerprint: CertificateFingerprint) async throws -> User? { try await inner.technicalAccount(fingerprint: fingerprint) }
    func setUserActive(_ user: UserID, _ active: Bool, by actor: AuditActor) async throws { try await inner.setUserActive(user, active, by: actor) }
    func setPasswordHash(_ user: UserID, _ hash: String, by actor: AuditActor) async throws { try await inner.setPasswordHash(user, hash, by: actor) }
    func setCertificateFingerprint(_ user: UserID, _ fingerprint: CertificateFingerprint, by actor: AuditActor) async throws {
        try await inner.setCertificateFingerprint(user, fingerprint, by: actor)
    }
    func rights(of user: UserID) async throws -> UserRights? { try await inner.rights(of: user) }
    func roster(of structure: StructureIdentifier) async throws -> StructureRoster { try await inner.roster(of: structure) }
    func apply(_ change: StructureRoster.Change, to structure: StructureIdentifier, by actor: AuditActor) async throws { try await inner.apply(change, to: structure, by: actor) }
    func habilitations(of user: UserID) async throws -> [Habilitation] { try await inner.habilitations(of: user) }
    func habilitations(on structure: StructureIdentifier) async throws -> [Habilitation] { try await inner.habilitations(on: structure) }
    func grant(_ habilitation: Habilitation, by actor: AuditActor) async throws -> Bool { try await inner.grant(habilitation, by: actor) }
    func revoke(_ habilitation: Habilitation, by actor: AuditActor) async throws -> Bool { try await inner.revoke(habilitation, by: actor) }
    func createRequest(_ request: HabilitationRequest, user: UserID, structure: StructureIdentifier, comment: String, by actor: AuditActor) async throws -> StoredRequest {
        try await inner.createRequest(request, user: user, structure: structure, comment: comment, by: actor)
    }
    func request(id: Int64) async throws -> StoredRequest? { try await inner.request(id: id) }
    func requests(of user: UserID?, on structures: [StructureIdentifier]?, pendingOnly: Bool) async throws -> [StoredRequest] {
        try await inner.requests(of: user, on: structures, pendingOnly: pendingOnly)
    }
    func pendingRequestCount(on structures: [StructureIdentifier]?, excluding user: UserID) async throws -> Int {
        try await inner.pendingRequestCount(on: structures, excluding: user)
    }
    func decide(_ decided: StoredRequest, by actor: AuditActor) async throws { try await inner.decide(decided, by: actor) }
    func auditEntries(structure: StructureIdentifier?, limit: Int, beforeID: Int64?) async throws -> [AuditEntry] {
        try await inner.auditEntries(structure: structure, limit: limit, beforeID: beforeID)
    }
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
