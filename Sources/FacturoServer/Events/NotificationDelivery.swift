import FacturoDomain
import FacturoStore
import FacturoWire
import Logging

/// Pushes the outbox rows a change just wrote to their users' live
/// sessions (those still subscribed to the structure), then records them
/// delivered. The rows are already committed with the change: a crash
/// between the two loses no notification, it only stays undelivered.
struct NotificationDelivery: Sendable {
    let events: any EventPublisher
    let recorder: DeliveryRecorder

    func deliver(received invoice: StoredInvoice) {
        let rows = invoice.newNotifications.filter { $0.kind == .invoiceReceived }
        guard !rows.isEmpty else { return }
        deliver(rows, received: Self.received(invoice), status: nil)
    }

    func deliver(_ applied: AppliedInvoiceChange) {
        guard !applied.notifications.isEmpty else { return }
        let entry = applied.entry.entry
        let status = Facturo_V1_InvoiceStatusEvent.with {
            $0.id = applied.invoice.id
            $0.number = applied.invoice.document.header.number
            $0.status = entry.to.rawValue
            $0.previous = applied.previous.rawValue
            $0.reason = entry.reason?.rawValue ?? ""
            $0.by = entry.actor
        }
        deliver(applied.notifications, received: Self.received(applied.invoice), status: status)
    }

    private func deliver(_ rows: [PendingNotification], received: Facturo_V1_InvoiceReceivedEvent, status: Facturo_V1_InvoiceStatusEvent?) {
        var delivered: [Int64] = []
        for row in rows {
            let sessions = switch row.kind {
            case .invoiceReceived: events.publish(EventCatalogue.invoiceReceived, received, to: row.user, about: row.structure)
            case .invoiceStatus: status.map { events.publish(EventCatalogue.invoiceStatus, $0, to: row.user, about: row.structure) } ?? 0
            }
            if sessions > 0 { delivered.append(row.id) }
        }
        recorder.record(delivered)
    }

    static func received(_ invoice: StoredInvoice) -> Facturo_V1_InvoiceReceivedEvent {
        let header = invoice.document.header
        return .with {
            $0.id = invoice.id
            $0.number = header.number
            $0.supplier = header.supplier.description
            $0.recipient = header.recipient.description
            $0.service = header.recipientService
            $0.amountDue = InvoiceWire.amount(invoice.document.totals.amountDue)
        }
    }
}

/// Writes "delivered" marks in the background, many per transaction: a
/// mark per submission would double the writer's commits, and even
/// coalesced marks written as soon as the writer is free took a third of
/// the submissions' throughput (measured). Marks are gathered for
/// `interval` (or until `batchMaximum` wait) and written in one
/// transaction: "delivered" lags the push by that much, never precedes it.
actor DeliveryRecorder {
    static let interval: Duration = .milliseconds(250)
    static let batchMaximum = 5_000

    private let store: any Store
    private let logger: Logger
    private var pending: [Int64] = []
    private var writing = false

    init(store: any Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    nonisolated func record(_ ids: [Int64]) {
        guard !ids.isEmpty else { return }
        Task { await self.enqueue(ids) }
    }

    private func enqueue(_ ids: [Int64]) async {
        pending += ids
        guard !writing else { return }
        writing = true
        while !pending.isEmpty {
            if pending.count < Self.batchMaximum { try? await Task.sleep(for: Self.interval) }
            let batch = pending
            pending = []
            do { try await store.markNotificationsDelivered(batch) } catch {
                // Left undelivered in the outbox, which says so; nothing lost.
                logger.warning("delivery marks not written", metadata: ["count": "\(batch.count)", "error": "\(error)"])
            }
        }
        writing = false
    }
}
