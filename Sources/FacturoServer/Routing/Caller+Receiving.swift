import FacturoDomain
import FacturoStore
import FacturoWire

/// The recipient's side of the rights: which invoices a caller receives,
/// and as whom it acts on them.
extension Caller {
    /// The lifecycle actor the caller is on an invoice's recipient side, if
    /// any: an accountant ("Comptable public") reading it with
    /// `factures_recues` consultation, or a holder of its modification.
    func recipientActor(on header: InvoiceHeader) -> LifecycleActor? {
        let service = header.recipientService.isEmpty ? nil : header.recipientService
        if user.kind == .comptablePublic {
            return policy.decide(.facturesRecues, .consultation, on: header.recipient, service: service) == .allowed ? .accountant : nil
        }
        return policy.decide(.facturesRecues, .modification, on: header.recipient, service: service) == .allowed ? .recipient : nil
    }

    /// Whether the caller may follow the invoice up as its supplier.
    func actsAsSupplier(on header: InvoiceHeader) -> Bool {
        policy.decide(.facturesEmises, .modification, on: header.supplier) == .allowed
    }

    /// The recipients (and services) whose received invoices the caller
    /// sees at `level`: `structure` alone when named (NOT_FOUND or
    /// FORBIDDEN as `require` says), else every structure it is attached
    /// to. `statuses` picks, per structure, the statuses of a to-do list.
    func recipientScopes(
        named structure: StructureIdentifier?, service: String?, level: AccessLevel, statuses: (LifecycleActor) -> [InvoiceStatus] = { _ in [] }
    ) throws(WireError) -> [RecipientScope] {
        let actor = user.kind.recipientSideActor
        // An accountant acts with consultation; everybody else with modification.
        let needed: AccessLevel = actor == .accountant ? .consultation : level
        func scope(_ structure: StructureIdentifier) -> RecipientScope? {
            guard let services = visibleServices(of: structure, at: needed) else { return nil }
            let narrowed: [String]? = if let service { services.map { $0.contains(service) ? [service] : [] } ?? [service] } else { services }
            if let narrowed, narrowed.isEmpty { return nil }
            return RecipientScope(structure: structure, services: narrowed, statuses: statuses(actor))
        }
        guard let structure else { return policy.attachments.map(\.structure).compactMap(scope) }
        if isAdministrator, !isAttached(to: structure) {
            return [RecipientScope(structure: structure, services: service.map { [$0] }, statuses: statuses(actor))]
        }
        // Named: unknown to the caller is NOT_FOUND; attached, but seeing
        // none of it (or not that service), FORBIDDEN. A user restricted to
        // some services names the structure and gets those.
        guard isAttached(to: structure) else { throw Self.invisible(structure) }
        guard let named = scope(structure) else {
            throw WireError(.forbidden, "habilitation « \(Application.facturesRecues.label) » en \(needed.rawValue) requise sur la structure \(structure)\(service.map { " (service \($0))" } ?? "")")
        }
        return [named]
    }

    /// The services of `structure` whose received invoices the caller
    /// sees at `level`: nil for all of them; none (nil result) when it sees
    /// none. As `AccessPolicy.decide`: the attachment must cover the
    /// service and a habilitation be structure-wide or for that service.
    private func visibleServices(of structure: StructureIdentifier, at level: AccessLevel) -> [String]?? {
        guard let attachment = policy.attachments.first(where: { $0.structure == structure }) else { return nil }
        let held = policy.habilitations.filter { $0.structure == structure && $0.application == .facturesRecues && $0.level.satisfies(level) }
        guard !held.isEmpty else { return nil }
        let wide = held.contains { $0.serviceCode == nil }
        let byHabilitation: Set<String>? = wide ? nil : Set(held.compactMap(\.serviceCode))
        switch (attachment.serviceCodes, byHabilitation) {
        case (nil, nil): return .some(nil)
        case let (codes?, nil): return .some(codes.sorted())
        case let (nil, codes?): return .some(codes.sorted())
        case let (a?, b?): return .some(a.intersection(b).sorted())
        }
    }
}
