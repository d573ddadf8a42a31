import FacturoDomain
import FacturoStore
import FacturoWire

/// An invoice's tamper-evident history (type 210), for both parties, and
/// the whole database's check (type 211, administrators).
enum HistoryRoutes {
    static let brokenListed = 100

    static func register(_ router: inout Router) {
        router.on(InvoiceCatalogue.history, history)
        router.on(InvoiceCatalogue.verifyAllHistories, placement: .sharedPool, verifyAll)
    }

    @Sendable static func history(_ request: Facturo_V1_InvoiceHistoryRequest, _ context: RequestContext) async throws -> Facturo_V1_InvoiceHistoryResponse {
        let caller = try await context.caller()
        let invoice = try await InvoiceRoutes.visibleInvoice(request.id, caller: caller, context)
        // Read and checked together: an entry added in between is never
        // shown as verified.
        guard let (entries, verification) = try await context.store.checkedHistory(id: invoice.id) else { throw WireError(.notFound, "facture inconnue") }
        if request.verify, let broken = verification.firstBroken {
            throw WireError(DomainError(
                .historyTampered, "historique de la facture \(invoice.document.header.number) altéré : l'entrée \(broken) ne s'enchaîne pas (\(verification.entries) entrées attendues)"
            ))
        }
        return .with {
            $0.id = invoice.id
            $0.number = invoice.document.header.number
            $0.verified = request.verify
            $0.entries = entries.map { stored in
                let entry = stored.entry
                return .with {
                    $0.sequence = UInt32(clamping: entry.sequence)
                    $0.at = entry.at
                    $0.actor = entry.actor
                    $0.action = entry.action.rawValue
                    $0.actionLabel = entry.action.label
                    $0.fromStatus = entry.from?.rawValue ?? ""
                    $0.toStatus = entry.to.rawValue
                    $0.reason = entry.reason?.rawValue ?? ""
                    $0.reasonLabel = entry.reason?.label ?? ""
                    $0.dpNumber = entry.dpNumber
                    $0.comment = entry.comment
                    $0.details = entry.details
                    $0.hash = stored.hash
                }
            }
        }
    }

    @Sendable static func verifyAll(_ request: Facturo_V1_HistoryVerifyAllRequest, _ context: RequestContext) async throws -> Facturo_V1_HistoryVerifyAllResponse {
        let caller = try await context.caller()
        try caller.requireAdministrator()
        let audit = try await context.store.verifyAllHistories()
        return .with {
            $0.invoices = UInt64(audit.invoices)
            $0.entries = UInt64(audit.entries)
            $0.broken = UInt64(audit.broken.count)
            $0.firstBroken = audit.broken.prefix(brokenListed).map { broken in
                .with {
                    $0.id = broken.invoiceID
                    $0.number = broken.number
                    $0.firstBroken = UInt32(clamping: broken.firstBroken)
                }
            }
        }
    }
}
