import FacturoDomain
import FacturoStore
import FacturoWire
import Foundation

/// Processing received invoices (types 200-206): the recipient's and the
/// accountant's status changes, the supplier's follow-up, the legal moves
/// and the to-do list. An invoice the caller does not see is NOT_FOUND
/// (`InvoiceRoutes.visibleInvoice`); seen, but without the right to this
/// action, FORBIDDEN. Every change is applied only if the invoice is still
/// in the status the caller saw (CONFLICT otherwise).
enum ProcessingRoutes {
    static func register(_ router: inout Router) {
        router.on(InvoiceCatalogue.process, process)
        router.on(InvoiceCatalogue.refuse, refuse)
        router.on(InvoiceCatalogue.complete, placement: .sharedPool, complete)
        router.on(InvoiceCatalogue.recycle, recycle)
        router.on(InvoiceCatalogue.acknowledge, acknowledge)
        router.on(InvoiceCatalogue.statuses, statuses)
        router.on(InvoiceCatalogue.synthesis, synthesis)
    }

    @Sendable static func process(_ request: Facturo_V1_InvoiceProcessRequest, _ context: RequestContext) async throws -> Facturo_V1_InvoiceProcessResponse {
        let target: InvoiceStatus
        do { target = try InvoiceStatus.named(request.status) } catch { throw WireError(error) }
        return try await decide(
            id: request.id, to: target, reason: request.reason, dpNumber: request.dpNumber, comment: request.comment, expected: request.expectedStatus, context
        )
    }

    @Sendable static func refuse(_ request: Facturo_V1_InvoiceRefuseRequest, _ context: RequestContext) async throws -> Facturo_V1_InvoiceProcessResponse {
        try await decide(id: request.id, to: nil, reason: request.reason, dpNumber: "", comment: request.comment, expected: request.expectedStatus, context)
    }

    /// A recipient's or accountant's decision: checked by the lifecycle, then applied.
    private static func decide(
        id: String, to target: InvoiceStatus?, reason: String, dpNumber: String, comment: String, expected: String, _ context: RequestContext
    ) async throws -> Facturo_V1_InvoiceProcessResponse {
        let caller = try await context.caller()
        let invoice = try await InvoiceRoutes.visibleInvoice(id, caller: caller, context)
        let header = invoice.document.header
        guard let actor = caller.recipientActor(on: header) else {
            throw WireError(.forbidden, "habilitation « Factures reçues » en modification requise sur le destinataire \(header.recipient) pour traiter la facture")
        }
        let seen = try expectedStatus(expected, current: invoice.status)
        let recipient = try await context.store.structure(header.recipient)
        let decision: StatusDecision
        do {
            decision = try StatusDecision.deciding(
                from: seen, to: target, by: actor, reason: reason, dpNumber: dpNumber, comment: comment,
                handlesMiseEnPaiement: recipient?.parameters.handlesMiseEnPaiement ?? false
            )
        } catch {
            throw WireError(error)
        }
        return try await apply(InvoiceChange(
            invoiceID: invoice.id, expected: seen, action: .status, to: decision.to, reason: decision.reason, dpNumber: decision.dpNumber,
            comment: decision.comment, actor: caller.actor, at: now(), expectedHistoryCount: invoice.historyCount
        ), context)
    }

    @Sendable static func complete(_ request: Facturo_V1_InvoiceCompleteRequest, _ context: RequestContext) async throws -> Facturo_V1_InvoiceProcessResponse {
        let caller = try await context.caller()
        let invoice = try await supplierInvoice(request.id, caller: caller, context)
        let seen = try expectedStatus(request.expectedStatus, current: invoice.status)
        try legal(from: seen, to: .completee, by: .supplier)
        guard !request.attachments.isEmpty || !request.comment.isEmpty else {
            throw WireError(.invalidArgument, "une complétion apporte au moins un document (attachments) ou un commentaire (comment)")
        }
        try bounded(request.comment)
        let added = try await UploadRoutes.attachments(main: nil, others: request.attachments, caller: caller, context)
        do {
            try AttachmentRules.checkSizes((invoice.attachments + added).map { ($0.name, $0.file.size) }, new: added.map { ($0.name, $0.file.size) })
        } catch {
            throw WireError(error)
        }
        if let clash = added.first(where: { new in invoice.attachments.contains { $0.name == new.name } }) {
            throw WireError(.alreadyExists, "pièce jointe \(clash.name.quotedForMessage) déjà jointe à la facture")
        }
        return try await apply(InvoiceChange(
            invoiceID: invoice.id, expected: seen, action: .completion, to: .completee, comment: request.comment,
            details: added.map { "piece_jointe=\($0.name)" }.joined(separator: "\n"), actor: caller.actor, at: now(), addedAttachments: added,
            expectedHistoryCount: invoice.historyCount
        ), context)
    }

    @Sendable static func recycle(_ request: Facturo_V1_InvoiceRecycleRequest, _ context: RequestContext) async throws -> Facturo_V1_InvoiceProcessResponse {
        let caller = try await context.caller()
        let invoice = try await supplierInvoice(request.id, caller: caller, context)
        let seen = try expectedStatus(request.expectedStatus, current: invoice.status)
        try legal(from: seen, to: .miseADisposition, by: .supplier)
        try bounded(request.comment)
        // Only the routing data may change: number and amounts never do.
        var header = invoice.document.header
        do {
            if request.hasRecipient { header.recipient = try StructureIdentifier(parsing: request.recipient.trimmingCharacters(in: .whitespaces)) }
            if request.hasService {
                try TextLimit(field: "service", maximum: 100).check(request.service)
                header.recipientService = request.service.trimmingCharacters(in: .whitespaces)
            }
            if request.hasEngagement {
                try TextLimit(field: "engagement", maximum: 100).check(request.engagement)
                header.engagement = request.engagement.trimmingCharacters(in: .whitespaces)
            }
        } catch {
            throw WireError(error)
        }
        if let error = DomainError(violations: InvoiceLifecycle.reroutingViolations(service: header.recipientService, engagement: header.engagement)) {
            throw WireError(error)
        }
        let violations = try await InvoiceSubmitter.routingViolations(of: header, on: DepositClock.day(of: Date()), store: context.store)
        if let error = DomainError(violations: violations) { throw WireError(error) }
        let old = invoice.document.header
        let details = [
            "destinataire=\(old.recipient)>\(header.recipient)", "service=\(old.recipientService)>\(header.recipientService)",
            "engagement=\(old.engagement)>\(header.engagement)",
        ].joined(separator: "\n")
        return try await apply(InvoiceChange(
            invoiceID: invoice.id, expected: seen, action: .recycling, to: .miseADisposition, comment: request.comment, details: details,
            actor: caller.actor, at: now(), rerouting: Rerouting(recipient: header.recipient, service: header.recipientService, engagement: header.engagement),
            expectedHistoryCount: invoice.historyCount
        ), context)
    }

    @Sendable static func acknowledge(_ request: Facturo_V1_InvoiceAcknowledgeRequest, _ context: RequestContext) async throws -> Facturo_V1_InvoiceProcessResponse {
        let caller = try await context.caller()
        let invoice = try await supplierInvoice(request.id, caller: caller, context)
        guard invoice.status == .rejetee else {
            throw WireError(DomainError(violations: [DomainError.Violation(
                .invalidStatusTransition, "statut actuel \(invoice.status.rawValue) : seule une facture REJETEE se prend en compte (rejet traité)", field: "status"
            )])!)
        }
        guard !invoice.rejectionAcknowledged else { throw WireError(.conflict, "rejet déjà traité pour la facture \(invoice.document.header.number)") }
        try bounded(request.comment)
        return try await apply(InvoiceChange(
            invoiceID: invoice.id, expected: .rejetee, action: .rejectionAcknowledged, to: .rejetee, comment: request.comment, actor: caller.actor, at: now(),
            expectedHistoryCount: invoice.historyCount
        ), context)
    }

    @Sendable static func statuses(_ request: Facturo_V1_InvoiceStatusesRequest, _ context: RequestContext) async throws -> Facturo_V1_InvoiceStatusesResponse {
        let caller = try await context.caller()
        let invoice = try await InvoiceRoutes.visibleInvoice(request.id, caller: caller, context)
        let header = invoice.document.header
        var actors: [LifecycleActor] = []
        if let actor = caller.recipientActor(on: header) { actors.append(actor) }
        let supplier = caller.actsAsSupplier(on: header)
        if supplier { actors.append(.supplier) }
        var handlesPayment = false
        if actors.contains(.accountant) { handlesPayment = try await context.store.structure(header.recipient)?.parameters.handlesMiseEnPaiement ?? false }
        return .with {
            $0.id = invoice.id
            $0.number = header.number
            $0.status = invoice.status.rawValue
            $0.statusLabel = invoice.status.label
            $0.moves = actors.flatMap { actor in
                InvoiceLifecycle.targets(from: invoice.status, by: actor).filter { $0 != .miseEnPaiement || handlesPayment }.map { target in
                    Facturo_V1_StatusMove.with {
                        $0.status = target.rawValue
                        $0.label = target.label
                        $0.actor = actor.rawValue
                        $0.request = requestName(to: target, by: actor)
                        $0.reasons = RefusalReason.leading(to: target).map(\.rawValue)
                        $0.dpNumberRequired = target == .mandatee
                    }
                }
            }
            $0.canAcknowledge = supplier && invoice.status == .rejetee && !invoice.rejectionAcknowledged
        }
    }

    @Sendable static func synthesis(_ request: Facturo_V1_InvoiceSynthesisRequest, _ context: RequestContext) async throws -> Facturo_V1_InvoiceSynthesisResponse {
        let caller = try await context.caller()
        let structure = try request.structure.isEmpty ? nil : WireArguments.structure(request.structure)
        try WireArguments.bounded(request.service, TextLimit(field: "service", maximum: 100))
        var scopes = try caller.recipientScopes(named: structure, service: request.service.isEmpty ? nil : request.service, level: .modification) { actor in
            InvoiceLifecycle.awaiting(actor)
        }
        if caller.user.kind.recipientSideActor == .accountant {
            // COMPTABILISEE awaits only MISE_EN_PAIEMENT: where the structure
            // does not handle it, nothing more is asked of the accountant.
            let structures = try await context.store.structures(Set(scopes.map(\.structure)))
            for index in scopes.indices where !(structures[scopes[index].structure]?.parameters.handlesMiseEnPaiement ?? false) {
                scopes[index].statuses.removeAll { $0 == .comptabilisee }
            }
        }
        var query = InvoiceQuery(suppliers: [], limit: request.limit == 0 ? 50 : Int(min(request.limit, 1000)))
        query.received = scopes
        query.after = try InvoiceRoutes.cursor(request.after)
        let page = try await context.store.searchInvoices(query)
        return .with {
            $0.invoices = page.invoices.map(InvoiceWire.summary)
            $0.nextCursor = page.next.map(String.init) ?? ""
        }
    }

    // MARK: - Shared steps

    /// The invoice, seen by the caller, who must act for its supplier.
    private static func supplierInvoice(_ id: String, caller: Caller, _ context: RequestContext) async throws -> StoredInvoice {
        let invoice = try await InvoiceRoutes.visibleInvoice(id, caller: caller, context)
        guard caller.actsAsSupplier(on: invoice.document.header) else {
            throw WireError(.forbidden, "habilitation « Factures émises » en modification requise sur le fournisseur \(invoice.document.header.supplier)")
        }
        return invoice
    }

    /// The status the client saw (empty: the one just read); a stale one is
    /// CONFLICT at once, naming the current status.
    private static func expectedStatus(_ text: String, current: InvoiceStatus) throws(WireError) -> InvoiceStatus {
        guard !text.isEmpty else { return current }
        let seen: InvoiceStatus
        do { seen = try InvoiceStatus.named(text) } catch { throw WireError(error) }
        guard seen == current else {
            throw WireError(.conflict, "modifié entre-temps : statut actuel \(current.rawValue) (attendu \(seen.rawValue)) ; relisez et recommencez")
        }
        return seen
    }

    private static func legal(from current: InvoiceStatus, to target: InvoiceStatus, by actor: LifecycleActor) throws(WireError) {
        guard InvoiceLifecycle.isLegal(from: current, to: target, by: actor) else {
            throw WireError(DomainError(violations: [StatusDecision.illegal(from: current, to: target, by: actor)])!)
        }
    }

    private static func bounded(_ comment: String) throws(WireError) {
        if let error = DomainError(violations: InvoiceLifecycle.textViolations(comment, InvoiceLifecycle.commentLimit)) { throw WireError(error) }
    }

    private static func requestName(to target: InvoiceStatus, by actor: LifecycleActor) -> String {
        switch actor {
        case .supplier: target == .completee ? "complete" : "recycle"
        default: InvoiceLifecycle.refusals.contains(target) ? "refuse" : "process"
        }
    }

    private static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// Stores the change, pushes its notifications, answers.
    private static func apply(_ change: InvoiceChange, _ context: RequestContext) async throws -> Facturo_V1_InvoiceProcessResponse {
        let applied = try await context.changes.apply(change)
        context.deliveries.deliver(applied)
        return .with {
            $0.id = applied.invoice.id
            $0.number = applied.invoice.document.header.number
            $0.status = applied.invoice.status.rawValue
            $0.statusLabel = applied.invoice.status.label
            $0.previousStatus = applied.previous.rawValue
            $0.reason = change.reason?.rawValue ?? ""
            $0.dpNumber = applied.invoice.dpNumber
            $0.at = change.at
        }
    }
}
