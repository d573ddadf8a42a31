import FacturoDomain
import FacturoStore
import FacturoWire
import Foundation
import NIOCore

/// Habilitations: "Mes habilitations", a structure's list, direct grant
/// and revoke by managers, and the request/approval workflow.
enum HabilitationRequests {
    static func mine(_ request: InboundRequest, _ context: OrganisationContext) async throws -> RequestOutcome {
        _ = try request.decode(Facturo_V1_MyHabilitationsRequest.self)
        let caller = try await context.caller(request)
        // Habilitations live through attachments: their structures cover all.
        let structures = try await load(caller.policy.attachments.map(\.structure), context)
        let infos = describe(caller.policy.habilitations, structures: structures, emails: [caller.user.id: caller.user.email.value])
        return .response(ByteBuffer(message: Facturo_V1_MyHabilitationsResponse.with {
            $0.habilitations = infos
            $0.attachments = caller.policy.attachments.map { attachment in
                .with {
                    $0.structure = attachment.structure.description
                    $0.structureName = structures[attachment.structure]?.name ?? ""
                    $0.role = attachment.role.rawValue
                    $0.services = attachment.serviceCodes?.sorted() ?? []
                }
            }
        }))
    }

    static func list(_ request: InboundRequest, _ context: OrganisationContext) async throws -> RequestOutcome {
        let list = try request.decode(Facturo_V1_HabilitationListRequest.self)
        let caller = try await context.caller(request)
        let structure = try WireArguments.structure(list.structure)
        try caller.requireManagerOr(.utilisateurs, .consultation, on: structure)
        var habilitations = try await context.store.habilitations(on: structure)
        if !list.email.isEmpty {
            let target = try await UserRequests.existingUser(list.email, context)
            habilitations = habilitations.filter { $0.user == target.id }
        }
        let users = try await context.store.users(attachedTo: structure)
        let infos = describe(
            habilitations, structures: try await load([structure], context),
            emails: Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0.email.value) })
        )
        return .response(ByteBuffer(message: Facturo_V1_HabilitationListResponse.with { $0.habilitations = infos }))
    }

    static func grant(_ request: InboundRequest, _ context: OrganisationContext) async throws -> RequestOutcome {
        try await change(request, context, grant: true)
    }

    static func revoke(_ request: InboundRequest, _ context: OrganisationContext) async throws -> RequestOutcome {
        try await change(request, context, grant: false)
    }

    private static func change(_ request: InboundRequest, _ context: OrganisationContext, grant: Bool) async throws -> RequestOutcome {
        let change = try request.decode(Facturo_V1_HabilitationChangeRequest.self)
        let caller = try await context.caller(request)
        let structure = try WireArguments.structure(change.structure)
        try caller.requireManager(of: structure)
        let target = try await UserRequests.existingUser(change.email, context)
        let habilitation = Habilitation(
            user: target.id, structure: structure, serviceCode: try WireArguments.optionalService(change.serviceCode),
            application: try WireArguments.application(change.application), level: try WireArguments.level(change.level)
        )
        if grant { try await requireAttachment(habilitation, context) }
        let changed = grant
            ? try await context.store.grant(habilitation, by: caller.actor)
            : try await context.store.revoke(habilitation, by: caller.actor)
        return .response(ByteBuffer(message: Facturo_V1_HabilitationChangeResponse.with { $0.changed = changed }))
    }

    // MARK: - Requests

    static func createRequest(_ request: InboundRequest, _ context: OrganisationContext) async throws -> RequestOutcome {
        let create = try request.decode(Facturo_V1_RequestCreateRequest.self)
        let caller = try await context.caller(request)
        let structure = try WireArguments.structure(create.structure)
        guard caller.isAttached(to: structure) else { throw Caller.invisible(structure) }
        guard let kind = HabilitationRequest.Kind(rawValue: create.kind.isEmpty ? "add" : create.kind) else {
            throw WireError(.invalidArgument, "type de demande inconnu : « \(create.kind) » (add, remove)")
        }
        let wanted = HabilitationRequest(
            kind: kind, application: try WireArguments.application(create.application), level: try WireArguments.level(create.level),
            serviceCode: try WireArguments.optionalService(create.serviceCode)
        )
        if kind == .add {
            try await requireAttachment(Habilitation(
                user: caller.user.id, structure: structure, serviceCode: wanted.serviceCode, application: wanted.application, level: wanted.level
            ), context)
        }
        let held = caller.policy.habilitations.first {
            $0.structure == structure && $0.application == wanted.application && $0.serviceCode == wanted.serviceCode
        }
        switch kind {
        case .add where held?.level.satisfies(wanted.level) == true:
            throw WireError(.invalidArgument, "vous détenez déjà « \(wanted.application.label) » en \(held!.level.rawValue)")
        case .remove where held?.level.satisfies(wanted.level) != true:
            throw WireError(.invalidArgument, "vous ne détenez pas « \(wanted.application.label) » en \(wanted.level.rawValue)")
        default: break
        }
        let pending = try await context.store.requests(of: caller.user.id, on: [structure], pendingOnly: true)
        if let same = pending.first(where: {
            $0.request.kind == kind && $0.request.application == wanted.application && $0.request.level == wanted.level && $0.request.serviceCode == wanted.serviceCode
        }) {
            throw WireError(.alreadyExists, "une demande identique est déjà en attente (demande \(same.id))")
        }
        let stored = try await context.store.createRequest(wanted, user: caller.user.id, structure: structure, comment: create.comment, by: caller.actor)
        context.logger.info("habilitation requested", metadata: ["request": "\(stored.id)", "by": "\(caller.user.email)"])
        return .response(ByteBuffer(message: Facturo_V1_RequestCreateResponse.with { $0.request = .init(stored) }))
    }

    static func listRequests(_ request: InboundRequest, _ context: OrganisationContext) async throws -> RequestOutcome {
        let list = try request.decode(Facturo_V1_RequestListRequest.self)
        let caller = try await context.caller(request)
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
        return .response(ByteBuffer(message: Facturo_V1_RequestListResponse.with {
            $0.requests = requests.map(Facturo_V1_RequestInfo.init)
            $0.pendingCount = UInt32(pendingCount)
        }))
    }

    static func decide(_ request: InboundRequest, _ context: OrganisationContext) async throws -> RequestOutcome {
        let decide = try request.decode(Facturo_V1_RequestDecideRequest.self)
        let caller = try await context.caller(request)
        guard var stored = try await context.store.request(id: decide.id) else {
            throw WireError(.notFound, "demande \(decide.id) introuvable")
        }
        let isOwn = stored.user == caller.user.id
        // A request is visible to its author and to its structure's managers only.
        guard isOwn || caller.policy.manages(stored.structure) else { throw WireError(.notFound, "demande \(decide.id) introuvable") }
        do {
            switch decide.decision {
            case "approve", "refuse":
                guard !isOwn || caller.isAdministrator else {
                    throw WireError(.forbidden, "vous ne pouvez pas décider votre propre demande")
                }
                if decide.decision == "approve" {
                    try stored.request.approve(by: caller.user.id, comment: decide.comment)
                } else {
                    try stored.request.refuse(by: caller.user.id, comment: decide.comment)
                }
            case "withdraw":
                guard isOwn else { throw WireError(.forbidden, "seul le demandeur peut retirer sa demande") }
                try stored.request.withdraw()
            default:
                throw WireError(.invalidArgument, "décision inconnue : « \(decide.decision) » (approve, refuse, withdraw)")
            }
        } catch let error as DomainError {
            throw WireError(error)
        }
        if case .approved = stored.request.state, stored.request.kind == .add {
            try await requireAttachment(Habilitation(
                user: stored.user, structure: stored.structure, serviceCode: stored.request.serviceCode,
                application: stored.request.application, level: stored.request.level
            ), context)
        }
        try await context.store.decide(stored, by: caller.actor)
        guard let decided = try await context.store.request(id: stored.id) else { throw WireError(.notFound, "demande \(stored.id) introuvable") }
        if !isOwn {
            let event = Frame(kind: .event, messageType: .requestDecidedEvent, correlationID: 0, message: Facturo_V1_RequestDecidedEvent.with { $0.request = .init(decided) })
            context.runtime.registry.send(PushEventFrameEvent(userID: decided.user.rawValue, frame: event), toUser: decided.user)
        }
        context.logger.info("habilitation request decided", metadata: ["request": "\(decided.id)", "decision": "\(decide.decision)", "by": "\(caller.user.email)"])
        return .response(ByteBuffer(message: Facturo_V1_RequestDecideResponse.with { $0.request = .init(decided) }))
    }

    // MARK: - Helpers

    /// nil for administrators (every structure).
    static func managedStructures(_ caller: Caller) -> [StructureIdentifier]? {
        caller.isAdministrator ? nil : caller.policy.attachments.filter { $0.role.isManager }.map(\.structure)
    }

    /// A habilitation only makes sense through an attachment that covers it.
    static func requireAttachment(_ habilitation: Habilitation, _ context: OrganisationContext) async throws {
        let attachment = try await context.store.roster(of: habilitation.structure).attachment(of: habilitation.user)
        guard let attachment else {
            throw WireError(.init(rawValue: DomainError.Code.notAttached.rawValue), "l'utilisateur n'est pas rattaché à la structure \(habilitation.structure)")
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
    static func load(_ identifiers: [StructureIdentifier], _ context: OrganisationContext) async throws -> [StructureIdentifier: Structure] {
        var structures: [StructureIdentifier: Structure] = [:]
        for identifier in Set(identifiers) {
            structures[identifier] = try await context.store.structure(identifier)
        }
        return structures
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
