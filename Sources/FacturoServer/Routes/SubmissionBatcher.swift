import FacturoCertificates
import FacturoStore
import Foundation

/// Group commit for accepted invoices. While one batch is being written
/// (one transaction, `synchronous = FULL`: one disk flush), the next
/// submissions wait here; when it is done they all go in the next
/// transaction, under one signed Merkle root. Under load a flush carries
/// many invoices; alone, an invoice waits for nobody.
///
/// Each submission gets its own outcome, after the commit, even if its
/// request was cancelled meanwhile: an invoice in a committed batch is
/// answered as accepted to whoever is still listening.
actor SubmissionBatcher {
    /// Invoices per transaction at most: bounds the transaction's time and
    /// the signing work a flush waits for.
    static let maximumBatch = 256

    private struct Waiting {
        var submission: InvoiceSubmission
        var continuation: CheckedContinuation<SubmissionOutcome, any Error>
    }

    private let store: any Store
    nonisolated let signer: DepositSigner
    private let metrics: ServerMetrics
    private var queue: [Waiting] = []
    private var writing = false

    init(store: any Store, signer: DepositSigner, metrics: ServerMetrics) {
        self.store = store
        self.signer = signer
        self.metrics = metrics
    }

    func submit(_ submission: InvoiceSubmission) async throws -> SubmissionOutcome {
        try await withCheckedThrowingContinuation { continuation in
            queue.append(Waiting(submission: submission, continuation: continuation))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(Self.maximumBatch))
            queue.removeFirst(batch.count)
            let signer = self.signer
            do {
                let outcomes = try await store.submitInvoices(batch.map(\.submission)) { digests in
                    let (signed, paths) = try signer.seal(digests, at: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
                    return SealedBatch(size: signed.size, root: signed.root, signedAt: signed.signedAt, signature: signed.signature, paths: paths)
                }
                metrics.submissionBatchCommitted(size: batch.count)
                for (waiting, outcome) in zip(batch, outcomes) { waiting.continuation.resume(returning: outcome) }
            } catch {
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
        }
        writing = false
    }
}
