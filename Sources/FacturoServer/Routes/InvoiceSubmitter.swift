import FacturoCertificates
import FacturoDomain
import FacturoStore
import FacturoWire
import Foundation
import Logging
import NIOConcurrencyHelpers

/// What a submission needs besides the invoice: a request's, or the flow
/// integrator's when it submits a flow's rows in the background.
struct SubmissionEnvironment: Sendable {
    let store: any Store
    let submissions: SubmissionBatcher
    let logger: Logger
    /// Where the accepted invoice's `invoice-received` goes.
    let deliveries: NotificationDelivery
}

/// The one submission path of every channel (saisie, dépôt, flux): a
/// retried key answers its first result; otherwise every check at once —
/// content, routing from the directory as it is, engagement, duplicate
/// number, attachment sizes — then the deposit certificate and one
/// transaction. "Accepted" is answered only after that commit.
enum InvoiceSubmitter {
    static let keyLimit = TextLimit(field: "key", maximum: 100)
    /// The integrator's keys: `flux:{flow}:{line}`.
    static let flowKeyPrefix = "flux:"

    struct Accepted {
        var invoice: StoredInvoice
        var replayed: Bool
    }

    static func submit(
        _ document: InvoiceDocument, attachments: [StoredAttachment], contents: [String: [UInt8]] = [:], key rawKey: String, draftID: String? = nil,
        caller: Caller, _ context: RequestContext
    ) async throws -> Accepted {
        try await submit(
            document, attachments: attachments, contents: contents, key: rawKey, draftID: draftID, actor: caller.actor,
            SubmissionEnvironment(store: context.store, submissions: context.submissions, logger: context.logger, deliveries: context.deliveries)
        )
    }

    static func submit(
        _ document: InvoiceDocument, attachments: [StoredAttachment], contents: [String: [UInt8]] = [:], key rawKey: String, draftID: String? = nil,
        actor: AuditActor, _ context: SubmissionEnvironment
    ) async throws -> Accepted {
        // The routes answer a retried key first (`replay`); here only the
        // race with a submission of the same key committing meanwhile is left.
        try WireArguments.bounded(rawKey, keyLimit)
        let supplierID = document.header.supplier
        let now = Date()
        let depositDay = DepositClock.day(of: now)
        var violations = InvoiceChecks.violations(of: document, depositDate: depositDay)
        violations += try await routingViolations(of: document.header, on: depositDay, store: context.store)
        var sizeViolations: [DomainError.Violation] = []
        // A draft's files were checked as they were attached.
        let sizes = attachments.map { ($0.name, $0.file.size) }
        do { try AttachmentRules.checkSizes(sizes, new: draftID == nil ? sizes : []) } catch { sizeViolations = error.violations }
        // A number already used is found by the commit itself (in its
        // transaction, so also for two at once); it is read here only to
        // list it with other refusals: one read less for every good invoice.
        if !(violations.isEmpty && sizeViolations.isEmpty), InvoiceChecks.numberViolation(document.header.number) == nil,
           try await context.store.invoiceExists(supplier: supplierID, number: document.header.number) {
            violations.append(InvoiceChecks.duplicateViolation(document.header))
        }
        violations += sizeViolations
        if let error = DomainError(violations: violations) {
            // The same key may have committed meanwhile (sent twice at once):
            // its number is then taken by the very invoice to answer.
            if error.violations.contains(where: { $0.code == .duplicateInvoice }), !rawKey.isEmpty,
               let first = try await context.store.submittedInvoice(supplier: supplierID, key: rawKey) {
                return Accepted(invoice: first, replayed: true)
            }
            throw error
        }

        let id = UUID().uuidString.lowercased()
        let depositedAt = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let certificate = CertificateDigest.of(document, id: id, attachments: attachments, depositedAt: depositedAt)
        let submission = InvoiceSubmission(
            id: id, document: document, attachments: attachments, key: rawKey.isEmpty ? UUID().uuidString : rawKey,
            depositedAt: depositedAt, depositDay: depositDay, certificate: certificate, draftID: draftID, actor: actor, contents: contents
        )
        let (invoice, replayed) = try await context.submissions.submit(submission).invoice()
        if !replayed {
            context.deliveries.deliver(received: invoice)
            context.logger.info("invoice accepted", metadata: [
                "id": "\(id)", "supplier": "\(supplierID)", "recipient": "\(document.header.recipient)", "channel": "\(document.channel.rawValue)",
            ])
        }
        return Accepted(invoice: invoice, replayed: replayed)
    }

    /// The routing checks, from the directory as it is: at submission, and
    /// again when a supplier recycles an invoice.
    static func routingViolations(of header: InvoiceHeader, on day: CalendarDate, store: any Store) async throws -> [DomainError.Violation] {
        let structures = try await store.structures([header.supplier, header.recipient])
        guard let supplier = structures[header.supplier] else { throw Caller.invisible(header.supplier) }
        let recipient = structures[header.recipient]
        var engagement: Engagement?
        if let recipient, recipient.parameters.checkEngagements, !header.engagement.isEmpty {
            engagement = try await store.engagement(recipient: recipient.identifier, number: header.engagement)
        }
        return InvoiceRouting(supplier: supplier, recipient: recipient, engagement: engagement).violations(of: header, on: day)
    }

    /// A client's key: bounded, and not one of the integrator's (a client's
    /// deposit under a flow row's key would pass for that row's invoice).
    static func checkKey(_ key: String) throws(WireError) {
        try WireArguments.bounded(key, keyLimit)
        guard !key.hasPrefix(flowKeyPrefix) else {
            throw WireError(.invalidArgument, "key : les clés commençant par « \(flowKeyPrefix) » sont réservées aux factures des flux")
        }
    }

    /// Runs a submission; if it fails and its key was used, the key's first
    /// result is the answer instead. A retry thus always gets its first
    /// invoice (whatever its uploads, the directory or its content became),
    /// and a first attempt — by far the most — pays no lookup before its
    /// checks: when they pass, the commit itself finds a used key.
    static func answering(
        supplier: StructureIdentifier, key: String, _ context: RequestContext, _ body: () async throws -> Facturo_V1_SubmissionResponse
    ) async throws -> Facturo_V1_SubmissionResponse {
        try checkKey(key)
        do {
            return try await body()
        } catch where !key.isEmpty && !(error is CancellationError) {
            if let first = try await replay(supplier: supplier, key: key, context) { return first }
            throw error
        }
    }

    /// The first result of `key` for `supplier`, if it was used.
    static func replay(supplier: StructureIdentifier, key: String, _ context: RequestContext) async throws -> Facturo_V1_SubmissionResponse? {
        guard !key.isEmpty else { return nil }
        try checkKey(key)
        guard let first = try await context.store.submittedInvoice(supplier: supplier, key: key) else { return nil }
        return try await response(Accepted(invoice: first, replayed: true), context)
    }

    static func response(_ accepted: Accepted, _ context: RequestContext) async throws -> Facturo_V1_SubmissionResponse {
        let header = accepted.invoice.document.header
        let names = try await context.store.structures([header.supplier, header.recipient])
        return .with {
            $0.invoice = InvoiceWire.invoice(accepted.invoice, names: names)
            $0.replayed = accepted.replayed
        }
    }
}

/// The deposit day is the French calendar day: an invoice deposited at
/// 00:30 in Paris is of that day, whatever the server's time zone.
///
/// The day is kept with the instant the next one starts: Foundation's
/// calendar arithmetic cost about 2.6 % of a submission's server CPU
/// (perf, 2026-12-01), and it changes once a day.
enum DepositClock {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris")!
        return calendar
    }()

    private struct Cached {
        var day: CalendarDate
        var start: Date
        var end: Date
    }

    private static let cached = NIOLockedValueBox<Cached?>(nil)

    static func day(of date: Date) -> CalendarDate {
        if let hit = cached.withLockedValue({ $0 }), date >= hit.start, date < hit.end { return hit.day }
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let day = try! CalendarDate(String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!))
        let start = calendar.startOfDay(for: date)
        if let end = calendar.date(byAdding: .day, value: 1, to: start) {
            cached.withLockedValue { $0 = Cached(day: day, start: start, end: end) }
        }
        return day
    }
}

/// The certificate number: SHA-256 of the invoice's canonical form, base64.
public enum CertificateDigest {
    public static func canonical(_ document: InvoiceDocument, id: String, attachments: [StoredAttachment], depositedAt: Int64) -> [UInt8] {
        InvoiceCanonicalForm.bytes(
            of: document, id: id, attachments: attachments.map { .init(name: $0.name, digest: $0.file.digest, isMain: $0.isMain) }, depositedAt: depositedAt
        )
    }

    public static func of(_ document: InvoiceDocument, id: String, attachments: [StoredAttachment], depositedAt: Int64) -> String {
        DepositCertificate.digest(of: canonical(document, id: id, attachments: attachments, depositedAt: depositedAt))
    }
}
