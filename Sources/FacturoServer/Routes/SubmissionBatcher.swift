import FacturoCertificates
import FacturoStore
import Foundation

/// Group commit for accepted invoices (`GroupCommit`): a batch is one
/// transaction under one signed Merkle root.
struct SubmissionBatcher: Sendable {
    /// Invoices per transaction at most: bounds the transaction's time and
    /// the signing work a flush waits for.
    static let maximumBatch = 256

    let signer: DepositSigner
    private let commits: GroupCommit<InvoiceSubmission, SubmissionOutcome>

    init(store: any Store, signer: DepositSigner, metrics: ServerMetrics) {
        self.signer = signer
        commits = GroupCommit(maximumBatch: Self.maximumBatch) { batch in
            let outcomes = try await store.submitInvoices(batch) { digests in
                let (signed, paths) = try signer.seal(digests, at: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
                return SealedBatch(size: signed.size, root: signed.root, signedAt: signed.signedAt, signature: signed.signature, paths: paths)
            }
            metrics.submissionBatchCommitted(size: batch.count)
            return outcomes.map { .success($0) }
        }
    }

    func submit(_ submission: InvoiceSubmission) async throws -> SubmissionOutcome {
        try await commits.submit(submission)
    }
}
