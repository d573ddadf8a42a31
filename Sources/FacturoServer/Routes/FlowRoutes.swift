import FacturoDomain
import FacturoStore
import FacturoWire
import Foundation

/// Flows (types 120–123): a supplier's zip of invoices, answered at once
/// and integrated in the background by the `FlowIntegrator`. Sending needs
/// `factures_emises` in modification on the supplier, reading consultation;
/// a flow of a structure one is not attached to does not exist.
enum FlowRoutes {
    static let nameLimit = TextLimit(field: "name", maximum: 255)
    /// Flows of one supplier received and not yet finished, at most.
    static let maximumUnfinished = 10

    static func register(_ router: inout Router) {
        router.on(InvoiceCatalogue.flowSend, send)
        router.on(InvoiceCatalogue.flowStatus, status)
        router.on(InvoiceCatalogue.flowReport, report)
        router.on(InvoiceCatalogue.flowList, list)
    }

    @Sendable static func send(_ send: Facturo_V1_FlowSendRequest, _ context: RequestContext) async throws -> Facturo_V1_FlowSendResponse {
        let caller = try await context.caller()
        let supplier = try WireArguments.structure(send.supplier)
        try caller.require(.facturesEmises, .modification, on: supplier)
        try WireArguments.bounded(send.key, InvoiceSubmitter.keyLimit)
        try WireArguments.bounded(send.name, nameLimit)
        if !send.key.isEmpty, let first = try await context.store.flow(supplier: supplier, key: send.key) {
            return try await response(first, replayed: true, context)
        }
        let unknownUpload = WireError(.notFound, "envoi de flux \(send.uploadID.quotedForMessage) inconnu, inachevé, expiré (24 h) ou déjà remis ; envoyez le zip (purpose flow) puis FlowSend")
        guard send.uploadID.utf8.count <= 64 else { throw unknownUpload }
        // Flows wait for one integrator: a supplier cannot queue more than
        // a few at once ahead of everyone else.
        let waiting = try await context.store.unfinishedFlows().filter { $0.supplier == supplier }.count
        guard waiting < maximumUnfinished else {
            throw WireError(.busy, "\(waiting) flux de \(supplier) attendent déjà leur intégration (\(maximumUnfinished) au plus) ; renvoyez celui-ci quand ils sont intégrés", retryable: true)
        }
        let flow = NewFlow(
            id: UUID().uuidString.lowercased(), uploadID: send.uploadID, owner: caller.user.id, supplier: supplier,
            name: send.name.isEmpty ? "flux.zip" : send.name, key: send.key.isEmpty ? UUID().uuidString : send.key
        )
        let received: (flow: StoredFlow, replayed: Bool)
        do { received = try await context.store.receiveFlow(flow, by: caller.actor) } catch StoreError.notFound {
            throw unknownUpload
        }
        if !received.replayed {
            context.logger.info("flow received", metadata: ["flow": "\(received.flow.id)", "supplier": "\(supplier)", "size": "\(received.flow.size)"])
            await context.flows.enqueue(received.flow.id)
        }
        return try await response(received.flow, replayed: received.replayed, context)
    }

    @Sendable static func status(_ request: Facturo_V1_FlowStatusRequest, _ context: RequestContext) async throws -> Facturo_V1_FlowStatusResponse {
        let flow = try await visibleFlow(request.id, context)
        let names = try await context.store.structures([flow.supplier])
        return .with { $0.flow = FlowWire.info(flow, names: names) }
    }

    @Sendable static func report(_ request: Facturo_V1_FlowReportRequest, _ context: RequestContext) async throws -> Facturo_V1_FlowReportResponse {
        let flow = try await visibleFlow(request.id, context)
        let names = try await context.store.structures([flow.supplier])
        let rows = try await context.store.flowRows(id: flow.id)
        return .with {
            $0.flow = FlowWire.info(flow, names: names)
            $0.rows = rows.map(FlowWire.row)
        }
    }

    @Sendable static func list(_ request: Facturo_V1_FlowListRequest, _ context: RequestContext) async throws -> Facturo_V1_FlowListResponse {
        let caller = try await context.caller()
        let suppliers = try caller.readableSuppliers(named: request.supplier)
        var before: Int64?
        if !request.after.isEmpty {
            guard let after = Int64(request.after), after > 0 else { throw WireError(.invalidArgument, "after : curseur \(request.after.quotedForMessage) invalide") }
            before = after
        }
        let page = try await context.store.flows(suppliers: suppliers, limit: request.limit == 0 ? 50 : Int(min(request.limit, 1000)), before: before)
        let names = try await context.store.structures(Set(page.flows.map(\.supplier)))
        return .with {
            $0.flows = page.flows.map { FlowWire.info($0, names: names) }
            $0.nextCursor = page.next.map(String.init) ?? ""
        }
    }

    static func response(_ flow: StoredFlow, replayed: Bool, _ context: RequestContext) async throws -> Facturo_V1_FlowSendResponse {
        let names = try await context.store.structures([flow.supplier])
        return .with {
            $0.flow = FlowWire.info(flow, names: names)
            $0.replayed = replayed
        }
    }

    /// The flow if the caller reads its supplier's invoices; NOT_FOUND alike
    /// for an unknown id and a flow of a structure one is not attached to.
    static func visibleFlow(_ id: String, _ context: RequestContext) async throws -> StoredFlow {
        let caller = try await context.caller()
        let unknown = WireError(.notFound, "flux \(id.quotedForMessage) inconnu ou hors de vos rattachements")
        guard !id.isEmpty, id.utf8.count <= 64, let flow = try await context.store.flow(id: id) else { throw unknown }
        switch caller.policy.decide(.facturesEmises, .consultation, on: flow.supplier) {
        case .allowed: return flow
        case .forbidden: throw WireError(.forbidden, "habilitation « factures émises » en consultation requise sur \(flow.supplier)")
        case .notVisible: throw unknown
        }
    }
}

enum FlowWire {
    static func info(_ flow: StoredFlow, names: [StructureIdentifier: Structure]) -> Facturo_V1_FlowInfo {
        .with {
            $0.id = flow.id
            $0.supplier = flow.supplier.description
            $0.supplierName = names[flow.supplier]?.name ?? ""
            $0.name = flow.name
            $0.size = UInt64(flow.size)
            $0.digest = flow.digest
            $0.status = flow.status.rawValue
            $0.receivedAt = flow.receivedAt
            $0.finishedAt = flow.finishedAt ?? 0
            $0.integrated = UInt32(flow.integrated)
            $0.rejected = UInt32(flow.rejected)
            $0.code = flow.code
            $0.message = flow.message
        }
    }

    static func row(_ row: FlowRowOutcome) -> Facturo_V1_FlowRowInfo {
        .with {
            $0.line = UInt32(row.line)
            $0.number = row.number
            $0.status = row.status.rawValue
            $0.code = row.code
            $0.message = row.message
            $0.invoiceID = row.invoiceID ?? ""
        }
    }
}
