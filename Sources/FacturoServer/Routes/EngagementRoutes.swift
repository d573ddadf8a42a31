import FacturoDomain
import FacturoStore
import FacturoWire

/// A recipient's engagements (EJ): written by holders of `engagements` in
/// modification on it, read in consultation; a supplier reads those held
/// for it with `factures_emises` consultation.
enum EngagementRoutes {
    static let maximumImport = 10_000

    static func register(_ router: inout Router) {
        router.on(InvoiceCatalogue.engagementSave, save)
        router.on(InvoiceCatalogue.engagementImport, placement: .sharedPool, importAll)
        router.on(InvoiceCatalogue.engagementList, list)
        router.on(InvoiceCatalogue.engagementRemove, remove)
    }

    @Sendable static func save(_ save: Facturo_V1_EngagementSaveRequest, _ context: RequestContext) async throws -> Facturo_V1_EngagementSaveResponse {
        let caller = try await context.caller()
        let recipient = try WireArguments.structure(save.engagement.recipient)
        try caller.require(.engagements, .modification, on: recipient)
        let engagement = try parsed(save.engagement)
        let result = try await store(context) { try await context.store.saveEngagement(engagement, by: caller.actor) }
        return .with { $0.result = result.rawValue }
    }

    @Sendable static func importAll(_ request: Facturo_V1_EngagementImportRequest, _ context: RequestContext) async throws -> Facturo_V1_EngagementImportResponse {
        let caller = try await context.caller()
        let recipient = try WireArguments.structure(request.recipient)
        try caller.require(.engagements, .modification, on: recipient)
        guard request.engagements.count <= maximumImport else { throw WireError(.invalidArgument, "au plus \(maximumImport) engagements par import") }
        var engagements: [Engagement] = []
        var violations: [DomainError.Violation] = []
        for (index, info) in request.engagements.enumerated() {
            guard info.recipient.isEmpty || info.recipient == request.recipient else {
                violations.append(.init(.invalidArgument, "engagements[\(index + 1)] : destinataire \(info.recipient.quotedForMessage) autre que \(recipient)", field: "engagements[\(index + 1)].recipient"))
                continue
            }
            var info = info
            info.recipient = request.recipient
            do { engagements.append(try info.engagement()) } catch {
                let found = error.violations.isEmpty ? [DomainError.Violation(error.code, error.message)] : error.violations
                violations += found.map { .init($0.code, "engagements[\(index + 1)] : \($0.message)", rule: $0.rule, field: "engagements[\(index + 1)]") }
            }
        }
        if let error = DomainError(violations: violations) { throw error }
        let results = try await store(context) { try await context.store.importEngagements(engagements, by: caller.actor) }
        return .with {
            $0.created = UInt32(results.filter { $0 == .created }.count)
            $0.updated = UInt32(results.filter { $0 == .updated }.count)
            $0.unchanged = UInt32(results.filter { $0 == .unchanged }.count)
        }
    }

    @Sendable static func list(_ list: Facturo_V1_EngagementListRequest, _ context: RequestContext) async throws -> Facturo_V1_EngagementListResponse {
        let caller = try await context.caller()
        var recipient: StructureIdentifier?
        var supplier: StructureIdentifier?
        guard list.recipient.isEmpty || list.supplier.isEmpty else {
            throw WireError(.invalidArgument, "recipient ou supplier, pas les deux")
        }
        if !list.recipient.isEmpty {
            recipient = try WireArguments.structure(list.recipient)
            try caller.require(.engagements, .consultation, on: recipient!)
        } else if !list.supplier.isEmpty {
            supplier = try WireArguments.structure(list.supplier)
            try caller.require(.facturesEmises, .consultation, on: supplier!)
        } else {
            throw WireError(.invalidArgument, "recipient ou supplier : la structure dont lister les engagements")
        }
        let engagements = try await context.store.engagements(recipient: recipient, supplier: supplier)
        return .with { $0.engagements = engagements.map(InvoiceWire.engagement) }
    }

    @Sendable static func remove(_ remove: Facturo_V1_EngagementRemoveRequest, _ context: RequestContext) async throws -> Facturo_V1_EngagementRemoveResponse {
        let caller = try await context.caller()
        let recipient = try WireArguments.structure(remove.recipient)
        try caller.require(.engagements, .modification, on: recipient)
        try WireArguments.bounded(remove.number, Engagement.numberLimit)
        guard try await context.store.removeEngagement(recipient: recipient, number: remove.number, by: caller.actor) else {
            throw WireError(.notFound, "engagement \(remove.number.quotedForMessage) inconnu chez \(recipient)")
        }
        return .init()
    }

    private static func parsed(_ info: Facturo_V1_EngagementInfo) throws(WireError) -> Engagement {
        do { return try info.engagement() } catch { throw WireError(error) }
    }

    /// A supplier absent from the directory is the caller's mistake, named.
    private static func store<T>(_ context: RequestContext, _ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let StoreError.notFound(what) {
            throw WireError(.notFound, "\(what) absente de l'annuaire")
        }
    }
}
