import FacturoDomain
import FacturoStore
import FacturoWire
import Logging
import NIOCore

/// The directory: searched and shown by any logged-in user (it is how
/// suppliers find recipients), created and imported by platform
/// administrators, edited by each structure's managers.
enum DirectoryRoutes {
    static func register(_ router: inout Router) {
        router.on(DirectoryCatalogue.search, search)
        router.on(DirectoryCatalogue.show, show)
        router.on(DirectoryCatalogue.create, create)
        router.on(DirectoryCatalogue.update, update)
        router.on(DirectoryCatalogue.saveService, saveService)
        // A chunk is up to a whole frame of CSV to parse and check.
        router.on(DirectoryCatalogue.importChunk, placement: .sharedPool, DirectoryImportHandler.chunk)
    }

    @Sendable static func search(_ search: Facturo_V1_DirectorySearchRequest, _ context: RequestContext) async throws -> Facturo_V1_DirectorySearchResponse {
        _ = try await context.caller()
        try WireArguments.bounded(search.identifier, .searchIdentifier)
        try WireArguments.bounded(search.name, .searchName)
        try WireArguments.bounded(search.postcode, .searchPostcode)
        try WireArguments.bounded(search.town, .searchTown)
        let query = DirectoryQuery(
            // TYPE:value searches by the value; the type is in the results.
            identifier: search.identifier.isEmpty ? nil : String(search.identifier.split(separator: ":", maxSplits: 1).last ?? ""),
            nameFragment: search.name, postcode: search.postcode, town: search.town,
            isPublic: search.hasPublic ? search.public : nil, isActive: search.hasActive ? search.active : nil,
            limit: search.limit == 0 ? 50 : Int(min(search.limit, 1000)), offset: Int(search.offset)
        )
        let page = try await context.store.searchStructures(query)
        return .with {
            $0.structures = page.structures.map(Facturo_V1_StructureInfo.init)
            $0.total = UInt32(page.total)
        }
    }

    @Sendable static func show(_ show: Facturo_V1_StructureShowRequest, _ context: RequestContext) async throws -> Facturo_V1_StructureShowResponse {
        _ = try await context.caller()
        let identifier = try WireArguments.structure(show.structure)
        guard let structure = try await context.store.structure(identifier) else {
            throw WireError(.notFound, "structure \(identifier) absente de l'annuaire")
        }
        return .with { $0.structure = .init(structure) }
    }

    @Sendable static func create(_ create: Facturo_V1_StructureCreateRequest, _ context: RequestContext) async throws -> Facturo_V1_StructureCreateResponse {
        let caller = try await context.caller()
        try caller.requireAdministrator()
        let structure = try create.structure.structure()
        try await context.store.createStructure(structure, by: caller.actor)
        context.logger.info("structure created", metadata: ["structure": "\(structure.identifier)", "by": "\(caller.user.email)"])
        return .with { $0.structure = .init(structure) }
    }

    @Sendable static func update(_ update: Facturo_V1_StructureUpdateRequest, _ context: RequestContext) async throws -> Facturo_V1_StructureUpdateResponse {
        let caller = try await context.caller()
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
                    handlesMiseEnPaiement: update.hasHandlesMiseEnPaiement ? update.handlesMiseEnPaiement : current.parameters.handlesMiseEnPaiement,
                    billingMandate: update.hasBillingMandate ? update.billingMandate : current.parameters.billingMandate,
                    checkEngagements: update.hasCheckEngagements ? update.checkEngagements : current.parameters.checkEngagements
                ),
                services: current.services
            )
        } catch {
            throw WireError(error)
        }
        let didChange = try await context.store.updateStructure(changed, by: caller.actor)
        return .with {
            $0.structure = .init(changed)
            $0.changed = didChange
        }
    }

    @Sendable static func saveService(_ save: Facturo_V1_ServiceSaveRequest, _ context: RequestContext) async throws -> Facturo_V1_ServiceSaveResponse {
        let caller = try await context.caller()
        let identifier = try WireArguments.structure(save.structure)
        try caller.requireManagerOr(.structures, .modification, on: identifier)
        let service: Service
        do { service = try save.service.service() } catch { throw WireError(error) }
        let result = try await context.store.saveService(service, of: identifier, by: caller.actor)
        return .with { $0.result = result.rawValue }
    }
}
