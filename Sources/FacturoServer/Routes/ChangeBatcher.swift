import FacturoStore

/// Group commit for status changes (`GroupCommit`), as for deposits: each
/// change in its own savepoint of the batch's transaction, with its own
/// outcome (a conflict refuses that change alone).
struct ChangeBatcher: Sendable {
    static let maximumBatch = 256

    private let commits: GroupCommit<InvoiceChange, AppliedInvoiceChange>

    init(store: any Store) {
        commits = GroupCommit(maximumBatch: Self.maximumBatch) { batch in
            try await store.applyInvoiceChanges(batch).map { $0.mapError { $0 as any Error } }
        }
    }

    func apply(_ change: InvoiceChange) async throws -> AppliedInvoiceChange {
        try await commits.submit(change)
    }
}
