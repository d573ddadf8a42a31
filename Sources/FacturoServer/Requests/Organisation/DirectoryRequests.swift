import FacturoDomain
import FacturoStore
import FacturoWire
import Logging
import NIOCore

/// The directory: searched and shown by any logged-in user (it is how
/// suppliers find recipients), created and imported by platform
/// administrators, edited by each structure's managers.
enum DirectoryRequests {
    static func search(_ request: InboundRequest, _ context: OrganisationContext) async throws -> RequestOutcome {
        let search = try request.decode(Facturo_V1_DirectorySearchRequest.self)
        _ = try await context.caller(request)
        let query = DirectoryQuery(
            // TYPE:value searches by the value; the type is in the results.
            identifier: search.identifier.isEmpty ? nil : String(search.identifier.split(separator: ":", maxSplits: 1).last ?? ""),
            nameFragment: search.name, postcode: search.postcode, town: search.town,
            isPublic: search.hasPublic ? search.public : nil, isActive: search.hasActive ? search.active : nil,
            limit: search.limit == 0 ? 50 : Int(min(search.limit, 1000)), offset: Int(search.offset)
        )
        let page = try await context.store.searchStructures(query)
        return .response(ByteBuffer(message: Facturo_V1_DirectorySearchResponse.with {
            $0.structures = page.structures.map(Facturo_V1_StructureInfo.init)
            $0.total = UInt32(page.total)
        }))
    }

    static func show(_ request: InboundRequest, _ context: OrganisationContext) async throws -> RequestOutcome {
        let show = try request.decode(Facturo_V1_StructureShowRequest.self)
        _ = try await context.caller(request)
        let identifier = try WireArguments.structure(show.structure)
        guard let structure = try await context.store.structure(identifier) else {
            throw WireError(.notFound, "structure \(identifier) absente de l'annuaire")
        }
        return .response(ByteBuffer(message: Facturo_V1_StructureShowResponse.with { $0.structure = .init(structure) }))
    }

    static func create(_ request: InboundRequest, _ context: OrganisationContext) async throws -> RequestOutcome {
        let create = try request.decode(Facturo_V1_StructureCreateRequest.self)
        let caller = try await context.caller(request)
        try caller.requireAdministrator()
        let structure = try create.structure.structure()
        try await context.store.createStructure(structure, by: caller.actor)
        context.logger.info("structure created", metadata: ["structure": "\(structure.identifier)", "by": "\(caller.user.email)"])
        return .response(ByteBuffer(message: Facturo_V1_StructureCreateResponse.with { $0.structure = .init(structure) }))
    }

    static func update(_ request: InboundRequest, _ context: OrganisationContext) async throws -> RequestOutcome {
        let update = try request.decode(Facturo_V1_StructureUpdateRequest.self)
        let caller = try await context.caller(request)
        let identifier = try WireArguments.structure(update.structure)
        try caller.requireManagerOr(.structures, .modification, on: identifier)
        guard let current = try await context.store.structure(identifier) else { throw Caller.invisible(identifier) }
        if (update.hasPublic || update.hasActive), !caller.isAdministrator {
            throw WireError(.forbidden, "seuls les administrateurs changent le statut public/privé ou actif d'une structure")
        }
        let changed: Structure
        do {
            changed = try Structure(
                identifier: identifier,
                name: update.hasName ? update.name : current.name,
                address: PostalAddress(
                    line: update.hasAddressLine ? update.addressLine : current.address.line,
                    postcode: update.hasPostcode ? update.postcode : current.address.postcode,
                    town: update.hasTown ? update.town : current.address.town,
                    countryCode: update.hasCountryCode ? update.countryCode : current.address.countryCode
                ),
                isPublic: update.hasPublic ? update.public : current.isPublic,
                isActive: update.hasActive ? update.active : current.isActive,
                parameters: RecipientParameters(
                    serviceCodeRequired: update.hasServiceCodeRequired ? update.serviceCodeRequired : current.parameters.serviceCodeRequired,
                    engagementRequired: update.hasEngagementRequired ? update.engagementRequired : current.parameters.engagementRequired,
                    engagementOrServiceCode: update.hasEngagementOrServiceCode ? update.engagementOrServiceCode : current.parameters.engagementOrServiceCode,
                    handlesMiseEnPaiement: update.hasHandlesMiseEnPaiement ? update.handlesMiseEnPaiement : current.parameters.handlesMiseEnPaiement
                ),
                services: current.services
            )
        } catch {
            throw WireError(error)
        }
        let didChange = try await context.store.updateStructure(changed, by: caller.actor)
        return .response(ByteBuffer(message: Facturo_V1_StructureUpdateResponse.with {
            $0.structure = .init(changed)
            $0.changed = didChange
        }))
    }

    static func saveService(_ request: InboundRequest, _ context: OrganisationContext) async throws -> RequestOutcome {
        let save = try request.decode(Facturo_V1_ServiceSaveRequest.self)
        let caller = try await context.caller(request)
        let identifier = try WireArguments.structure(save.structure)
        try caller.requireManagerOr(.structures, .modification, on: identifier)
        let service: Service
        do { service = try save.service.service() } catch { throw WireError(error) }
        let result = try await context.store.saveService(service, of: identifier, by: caller.actor)
        return .response(ByteBuffer(message: Facturo_V1_ServiceSaveResponse.with { $0.result = result.rawValue }))
    }
}
