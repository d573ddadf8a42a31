import FacturoDomain
import FacturoStore
import FacturoWire

/// The habilitation request workflow: a user asks, a manager of the
/// structure approves or refuses, the requester may withdraw. The rules are
/// `HabilitationRequest`'s; uniqueness of a pending request is the store's.
enum HabilitationRequestHandlers {
    /// Attachment requests a person may have pending at once.
    static let maxPendingAttachRequests = 10

    @Sendable static func create(_ create: Facturo_V1_HabilitationRequestCreateRequest, _ context: RequestContext) async throws -> Facturo_V1_HabilitationRequestCreateResponse {
        let caller = try await context.caller()
        let structure = try WireArguments.structure(create.structure)
        try WireArguments.bounded(create.comment, .requestComment)
        let wanted = HabilitationRequest(
            kind: try HabilitationRequest.kind(parsing: create.kind),
            application: try WireArguments.application(create.application), level: try WireArguments.level(create.level),
            serviceCode: try WireArguments.optionalService(create.serviceCode)
        )
        let isAttached = caller.isAttached(to: structure)
        switch wanted.kind {
        case .attach:
            // Any person may ask to join a structure of the (public)
            // directory; a technical account belongs to its own for good.
            guard !caller.user.isTechnical else { throw WireError(.forbidden, "un compte technique reste rattaché à la structure qui l'a créé") }
            guard let target = try await context.store.structure(structure) else { throw WireError(.notFound, "structure \(structure) inconnue") }
            if let service = wanted.serviceCode, target.service(service) == nil {
                throw WireError(.notFound, "service \(service) inconnu dans la structure \(structure)")
            }
            // Each one reaches a structure's managers and its audit for good.
            let pending = try await context.store.requests(of: caller.user.id, on: nil, pendingOnly: true).filter { $0.request.kind == .attach }
            guard pending.count < maxPendingAttachRequests else {
                throw WireError(.invalidArgument, "au plus \(maxPendingAttachRequests) demandes de rattachement en attente à la fois : attendez leur décision ou retirez-en")
            }
        case .add:
            guard isAttached else { throw Caller.invisible(structure) }
            try await HabilitationRoutes.requireAttachment(wanted.habilitation(for: caller.user.id, on: structure), context)
        case .remove:
            guard isAttached else { throw Caller.invisible(structure) }
        }
        try wanted.checkUseful(on: structure, held: caller.policy.habilitations, isAttached: isAttached)
        let stored: StoredRequest
        do {
            stored = try await context.store.createRequest(wanted, user: caller.user.id, structure: structure, comment: create.comment, by: caller.actor)
        } catch StoreError.duplicate {
            // The store's unique index on pending requests decided (two
            // identical requests sent at once give one); name the one that
            // stands, read after the refusal, never instead of the insert.
            let pending = try? await context.store.requests(of: caller.user.id, on: [structure], pendingOnly: true)
            let same = pending?.first { $0.request.asksTheSame(as: wanted) }
            throw WireError(.alreadyExists, "une demande identique est déjà en attente" + (same.map { " (demande \($0.id))" } ?? ""))
        }
        context.logger.info("habilitation requested", metadata: ["request": "\(stored.id)", "by": "\(caller.user.email)"])
        // The structure's managers see it at once (its requester excepted,
        // who cannot decide their own).
        if let roster = try? await context.store.roster(of: structure) {
            let pending = Facturo_V1_RequestPendingEvent.with {
                $0.id = stored.id
                $0.structure = structure.description
                $0.email = caller.user.email.value
                $0.application = wanted.application.rawValue
                $0.level = wanted.level.rawValue
            }
            for manager in roster.attachments where manager.role.isManager && manager.user != caller.user.id {
                context.events.publish(EventCatalogue.requestPending, pending, to: manager.user, about: structure)
            }
        }
        return .with { $0.request = .init(stored) }
    }

    @Sendable static func list(_ list: Facturo_V1_HabilitationRequestListRequest, _ context: RequestContext) async throws -> Facturo_V1_HabilitationRequestListResponse {
        let caller = try await context.caller()
        let paging = try Paging(limit: list.limit, cursor: list.cursor)
        let managed = managedStructures(caller)
        let requests: [StoredRequest]
        if list.mine {
            requests = try await context.store.requests(of: caller.user.id, on: nil, pendingOnly: list.pendingOnly)
        } else if !list.structure.isEmpty {
            let structure = try WireArguments.structure(list.structure)
            try caller.requireManager(of: structure)
            requests = try await context.store.requests(of: nil, on: [structure], pendingOnly: list.pendingOnly)
        } else {
            guard caller.isAdministrator || !(managed ?? []).isEmpty else {
                throw WireError(.forbidden, "réservé aux gestionnaires ; pour vos propres demandes : request list --mine")
            }
            requests = try await context.store.requests(of: nil, on: managed, pendingOnly: list.pendingOnly)
        }
        let pendingCount = managed?.isEmpty == true ? 0 : try await context.store.pendingRequestCount(on: managed, excluding: caller.user.id)
        // Newest first: the key sorts like the id, reversed.
        let page = paging.page(requests) { Paging.sortable(Int64.max - $0.id) }
        return .with {
            $0.requests = page.items.map(Facturo_V1_HabilitationRequestInfo.init)
            $0.pendingCount = UInt32(pendingCount)
            $0.nextCursor = page.nextCursor
            $0.total = UInt32(page.total)
        }
    }

    @Sendable static func decide(_ decide: Facturo_V1_HabilitationRequestDecideRequest, _ context: RequestContext) async throws -> Facturo_V1_HabilitationRequestDecideResponse {
        let caller = try await context.caller()
        guard var stored = try await context.store.request(id: decide.id) else {
            throw WireError(.notFound, "demande \(decide.id) introuvable")
        }
        // A request is visible to its author and to its structure's managers only.
        guard stored.user == caller.user.id || caller.policy.manages(stored.structure) else {
            throw WireError(.notFound, "demande \(decide.id) introuvable")
        }
        let decision = try HabilitationRequest.Decision(parsing: decide.decision)
        try WireArguments.bounded(decide.comment, .requestComment)
        try stored.request.apply(decision, by: caller.user.id, isAdministrator: caller.isAdministrator, requester: stored.user, comment: decide.comment)
        if case .approved = stored.request.state {
            switch stored.request.kind {
            case .add: try await HabilitationRoutes.requireAttachment(stored.request.habilitation(for: stored.user, on: stored.structure), context)
            case .attach: try await requireServiceExists(stored.request.serviceCode, on: stored.structure, context)
            case .remove: break
            }
        }
        try await context.store.decide(stored, by: caller.actor)
        guard let decided = try await context.store.request(id: stored.id) else { throw WireError(.notFound, "demande \(stored.id) introuvable") }
        if decided.user != caller.user.id {
            context.events.publish(EventCatalogue.requestDecided, .with { $0.request = .init(decided) }, to: decided.user)
        }
        context.logger.info("habilitation request decided", metadata: ["request": "\(decided.id)", "decision": "\(decision)", "by": "\(caller.user.email)"])
        return .with { $0.request = .init(decided) }
    }

    /// A service named by an attachment request may have closed since.
    private static func requireServiceExists(_ service: String?, on structure: StructureIdentifier, _ context: RequestContext) async throws {
        guard let service else { return }
        guard try await context.store.structure(structure)?.service(service) != nil else {
            throw WireError(.notFound, "service \(service) inconnu dans la structure \(structure)")
        }
    }

    /// nil for administrators (every structure).
    static func managedStructures(_ caller: Caller) -> [StructureIdentifier]? {
        caller.isAdministrator ? nil : caller.policy.attachments.filter { $0.role.isManager }.map(\.structure)
    }
}
