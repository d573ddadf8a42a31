import FacturoDomain
import FacturoStore
import FacturoWire

/// Habilitations: "Mes habilitations", a structure's list, direct grant
/// and revoke by managers; the request/approval workflow is in
/// `HabilitationRequestHandlers`.
enum HabilitationRoutes {
    static func register(_ router: inout Router) {
        router.on(HabilitationCatalogue.mine, mine)
        router.on(HabilitationCatalogue.list, list)
        router.on(HabilitationCatalogue.grant) { change, context in try await HabilitationRoutes.change(change, context, grant: true) }
        router.on(HabilitationCatalogue.revoke) { change, context in try await HabilitationRoutes.change(change, context, grant: false) }
        router.on(HabilitationCatalogue.createRequest, HabilitationRequestHandlers.create)
        // Paged in memory from the whole history (the platform's, for administrators).
        router.on(HabilitationCatalogue.listRequests, placement: .sharedPool, HabilitationRequestHandlers.list)
        router.on(HabilitationCatalogue.decideRequest, HabilitationRequestHandlers.decide)
    }

    @Sendable static func mine(_ mine: Facturo_V1_MyHabilitationsRequest, _ context: RequestContext) async throws -> Facturo_V1_MyHabilitationsResponse {
        let caller = try await context.caller()
        let paging = try Paging(limit: mine.limit, cursor: mine.cursor)
        // Habilitations live through attachments: a page of attachments
        // carries the habilitations on its structures.
        let page = paging.page(caller.policy.attachments) { $0.structure.value + Paging.separator + $0.structure.type.rawValue }
        let paged = Set(page.items.map(\.structure))
        let structures = try await load(Array(paged), context)
        let infos = describe(caller.policy.habilitations.filter { paged.contains($0.structure) }, structures: structures, emails: [caller.user.id: caller.user.email.value])
        return .with {
            $0.habilitations = infos
            $0.nextCursor = page.nextCursor
            $0.total = UInt32(page.total)
            $0.attachments = page.items.map { attachment in
                .with {
                    $0.structure = attachment.structure.description
                    $0.structureName = structures[attachment.structure]?.name ?? ""
                    $0.role = attachment.role.rawValue
                    $0.services = attachment.serviceCodes?.sorted() ?? []
                }
            }
        }
    }

    @Sendable static func list(_ list: Facturo_V1_HabilitationListRequest, _ context: RequestContext) async throws -> Facturo_V1_HabilitationListResponse {
        let caller = try await context.caller()
        let paging = try Paging(limit: list.limit, cursor: list.cursor)
        let structure = try WireArguments.structure(list.structure)
        try caller.requireManagerOr(.utilisateurs, .consultation, on: structure)
        var habilitations = try await context.store.habilitations(on: structure)
        let users = try await context.store.users(attachedTo: structure)
        if !list.email.isEmpty {
            // Among the structure's accounts only: an unknown e-mail and
            // another structure's account both give an empty list.
            let email = try WireArguments.email(list.email)
            let target = users.first { $0.email == email }?.id
            habilitations = habilitations.filter { $0.user == target }
        }
        let page = paging.page(habilitations) { habilitation in
            [Paging.sortable(habilitation.user.rawValue), habilitation.serviceCode ?? "", habilitation.application.rawValue].joined(separator: Paging.separator)
        }
        let infos = describe(
            page.items, structures: try await load([structure], context),
            emails: Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0.email.value) })
        )
        return .with {
            $0.habilitations = infos
            $0.nextCursor = page.nextCursor
            $0.total = UInt32(page.total)
        }
    }

    static func change(_ change: Facturo_V1_HabilitationChangeRequest, _ context: RequestContext, grant: Bool) async throws -> Facturo_V1_HabilitationChangeResponse {
        let (caller, structure, target, roster) = try await UserRoutes.managedTarget(change.structure, change.email, operation: grant ? "habilitation grant" : "habilitation revoke", context)
        do { try roster.requireMayChangeHabilitations(of: target.id, by: caller.rosterActor) } catch { throw WireError(error) }
        let habilitation = Habilitation(
            user: target.id, structure: structure, serviceCode: try WireArguments.optionalService(change.serviceCode),
            application: try WireArguments.application(change.application), level: try WireArguments.level(change.level)
        )
        if grant { try await requireAttachment(habilitation, context) }
        let changed = grant
            ? try await context.store.grant(habilitation, by: caller.actor)
            : try await context.store.revoke(habilitation, by: caller.actor)
        return .with { $0.changed = changed }
    }

    // MARK: - Helpers

    /// A habilitation only makes sense through an attachment that covers it.
    static func requireAttachment(_ habilitation: Habilitation, _ context: RequestContext) async throws {
        let attachment = try await context.store.roster(of: habilitation.structure).attachment(of: habilitation.user)
        guard let attachment else {
            throw DomainError(.notAttached, "l'utilisateur n'est pas rattaché à la structure \(habilitation.structure)")
        }
        if let service = habilitation.serviceCode {
            guard try await context.store.structure(habilitation.structure)?.service(service) != nil else {
                throw WireError(.notFound, "service \(service) inconnu dans la structure \(habilitation.structure)")
            }
        }
        guard attachment.covers(serviceCode: habilitation.serviceCode) else {
            throw WireError(.invalidArgument, "le rattachement de l'utilisateur ne couvre pas ce service")
        }
    }

    /// Each structure once (with its services, for the labels).
    static func load(_ identifiers: [StructureIdentifier], _ context: RequestContext) async throws -> [StructureIdentifier: Structure] {
        try await context.store.structures(Set(identifiers))
    }

    /// Rows as the portal shows them: structure, raison sociale, service, profile.
    static func describe(
        _ habilitations: [Habilitation], structures: [StructureIdentifier: Structure], emails: [UserID: String]
    ) -> [Facturo_V1_HabilitationInfo] {
        habilitations.map { habilitation in
            let structure = structures[habilitation.structure]
            return .with {
                $0.email = emails[habilitation.user] ?? ""
                $0.structure = habilitation.structure.description
                $0.structureName = structure?.name ?? ""
                $0.serviceCode = habilitation.serviceCode ?? ""
                $0.serviceLabel = habilitation.serviceCode.flatMap { structure?.service($0)?.label } ?? ""
                $0.application = habilitation.application.rawValue
                $0.applicationLabel = habilitation.application.label
                $0.level = habilitation.level.rawValue
            }
        }.sorted { ($0.structure, $0.applicationLabel, $0.serviceCode) < ($1.structure, $1.applicationLabel, $1.serviceCode) }
    }
}
