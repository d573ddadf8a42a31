import FacturoDomain
import FacturoStore
import FacturoWire

/// This session's event subscriptions (types 220-222: every structure the
/// caller is attached to by default) and the notification outbox (223).
enum EventRoutes {
    static func register(_ router: inout Router) {
        router.on(InvoiceCatalogue.eventSubscriptions, subscriptions)
        router.on(InvoiceCatalogue.eventSubscribe, subscribe)
        router.on(InvoiceCatalogue.eventUnsubscribe, unsubscribe)
        router.on(InvoiceCatalogue.notificationList, notifications)
    }

    static let structuresMaximum = 100

    @Sendable static func subscriptions(_ request: Facturo_V1_EventSubscriptionsRequest, _ context: RequestContext) async throws -> Facturo_V1_EventSubscriptionsResponse {
        let caller = try await context.caller()
        return try await answer(caller, context)
    }

    @Sendable static func subscribe(_ request: Facturo_V1_EventSubscribeRequest, _ context: RequestContext) async throws -> Facturo_V1_EventSubscriptionsResponse {
        let caller = try await context.caller()
        let named = try structures(request.structures, caller: caller)
        let session = try context.requireSession()
        _ = context.events.setUnsubscribed(context.events.unsubscribed(session: session.id).subtracting(named), session: session.id)
        return try await answer(caller, context)
    }

    @Sendable static func unsubscribe(_ request: Facturo_V1_EventUnsubscribeRequest, _ context: RequestContext) async throws -> Facturo_V1_EventSubscriptionsResponse {
        let caller = try await context.caller()
        let named = try structures(request.structures, caller: caller)
        let session = try context.requireSession()
        _ = context.events.setUnsubscribed(context.events.unsubscribed(session: session.id).union(named), session: session.id)
        return try await answer(caller, context)
    }

    /// Structures the caller is attached to; any other is NOT_FOUND.
    private static func structures(_ texts: [String], caller: Caller) throws(WireError) -> Set<StructureIdentifier> {
        guard !texts.isEmpty else { throw WireError(.invalidArgument, "structures : au moins une structure") }
        guard texts.count <= structuresMaximum else { throw WireError(.invalidArgument, "structures : \(structuresMaximum) au plus") }
        var named: Set<StructureIdentifier> = []
        for text in texts {
            let structure = try WireArguments.structure(text)
            guard caller.isAttached(to: structure) else { throw Caller.invisible(structure) }
            named.insert(structure)
        }
        return named
    }

    private static func answer(_ caller: Caller, _ context: RequestContext) async throws -> Facturo_V1_EventSubscriptionsResponse {
        let session = try context.requireSession()
        let off = context.events.unsubscribed(session: session.id)
        let attached = caller.policy.attachments.map(\.structure)
        let names = try await context.store.structures(Set(attached))
        return .with {
            $0.subscriptions = attached.sorted { $0.description < $1.description }.map { structure in
                .with {
                    $0.structure = structure.description
                    $0.name = names[structure]?.name ?? ""
                    $0.subscribed = !off.contains(structure)
                }
            }
        }
    }

    /// Administrators read every structure's outbox; managers their own.
    @Sendable static func notifications(_ request: Facturo_V1_NotificationListRequest, _ context: RequestContext) async throws -> Facturo_V1_NotificationListResponse {
        let caller = try await context.caller()
        var structures: [StructureIdentifier]?
        if !request.structure.isEmpty {
            let structure = try WireArguments.structure(request.structure)
            try caller.requireManager(of: structure)
            structures = [structure]
        } else if !caller.isAdministrator {
            structures = caller.policy.attachments.filter { $0.role.isManager }.map(\.structure)
            guard !(structures ?? []).isEmpty else { throw WireError(.forbidden, "réservé aux administrateurs et aux gestionnaires de structure") }
        }
        let query = NotificationQuery(
            structures: structures, undeliveredOnly: request.undelivered, limit: request.limit == 0 ? 50 : Int(min(request.limit, 1000)),
            after: try InvoiceRoutes.cursor(request.after)
        )
        let page = try await context.store.notifications(query)
        return .with {
            $0.notifications = page.notifications.map { row in
                .with {
                    $0.id = row.id
                    $0.user = row.user
                    $0.structure = row.structure.description
                    $0.invoiceID = row.invoiceID ?? ""
                    $0.number = row.invoiceNumber ?? ""
                    $0.kind = row.kind.rawValue
                    $0.payload = row.payload
                    $0.createdAt = row.createdAt
                    $0.deliveredAt = row.deliveredAt ?? 0
                }
            }
            $0.nextCursor = page.next.map(String.init) ?? ""
        }
    }
}
