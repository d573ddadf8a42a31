/// Group commit: while one batch is being written (one transaction,
/// `synchronous = FULL`: one disk flush), the next items wait here; when
/// it is done they all go in the next transaction. Under load a flush
/// carries many; alone, an item waits for nobody.
///
/// Each item gets its own outcome, after the commit, even if its request
/// was cancelled meanwhile: an item of a committed batch is answered as
/// written to whoever is still listening. Deposits (`SubmissionBatcher`)
/// and status changes (`ChangeBatcher`) share it.
actor GroupCommit<Item: Sendable, Outcome: Sendable> {
    /// Writes a batch in one transaction: one outcome per item, in order;
    /// a throw fails the whole batch.
    typealias Write = @Sendable ([Item]) async throws -> [Result<Outcome, any Error>]

    private struct Waiting {
        var item: Item
        var continuation: CheckedContinuation<Outcome, any Error>
    }

    /// Items per transaction at most: bounds the transaction's time.
    let maximumBatch: Int
    private let write: Write
    private var queue: [Waiting] = []
    private var writing = false

    init(maximumBatch: Int, write: @escaping Write) {
        self.maximumBatch = maximumBatch
        self.write = write
    }

    func submit(_ item: Item) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            queue.append(Waiting(item: item, continuation: continuation))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(maximumBatch))
            queue.removeFirst(batch.count)
            do {
                let outcomes = try await write(batch.map(\.item))
                for (waiting, outcome) in zip(batch, outcomes) { waiting.continuation.resume(with: outcome) }
            } catch {
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
        }
        writing = false
    }
}
