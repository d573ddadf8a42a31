import FacturoDomain
import FacturoStore
import FacturoWire

extension Facturo_V1_StructureInfo {
    init(_ structure: Structure) {
        self.init()
        identifier = structure.identifier.description
        identifierType = structure.identifier.type.rawValue
        name = structure.name
        addressLine = structure.address.line
        postcode = structure.address.postcode
        town = structure.address.town
        countryCode = structure.address.countryCode
        `public` = structure.isPublic
        active = structure.isActive
        serviceCodeRequired = structure.parameters.serviceCodeRequired
        engagementRequired = structure.parameters.engagementRequired
        engagementOrServiceCode = structure.parameters.engagementOrServiceCode
        handlesMiseEnPaiement = structure.parameters.handlesMiseEnPaiement
        billingMandate = structure.parameters.billingMandate
        checkEngagements = structure.parameters.checkEngagements
        services = structure.services.map(Facturo_V1_ServiceInfo.init)
    }

    /// The domain structure this message describes, every rule checked.
    func structure() throws(WireError) -> Structure {
        do {
            // The text form (`TYPE:value`, or a SIRET), or the type apart.
            let text = identifier.contains(":") || identifierType.isEmpty ? identifier : "\(identifierType):\(identifier)"
            let parsed = try StructureIdentifier(parsing: text)
            guard identifierType.isEmpty || parsed.type.rawValue == identifierType.uppercased() else {
                throw DomainError(.invalidIdentifier, "type d'identifiant \(identifierType) contredit par \(identifier.quotedForMessage)")
            }
            return try Structure(
                identifier: parsed,
                name: name,
                address: PostalAddress(line: addressLine, postcode: postcode, town: town, countryCode: countryCode),
                isPublic: `public`,
                isActive: active,
                parameters: RecipientParameters(
                    serviceCodeRequired: serviceCodeRequired, engagementRequired: engagementRequired,
                    engagementOrServiceCode: engagementOrServiceCode, handlesMiseEnPaiement: handlesMiseEnPaiement,
                    billingMandate: billingMandate, checkEngagements: checkEngagements
                ),
                services: try services.map { info throws(DomainError) in try info.service() }
            )
        } catch let error as DomainError {
            throw WireError(error)
        } catch {
            throw WireError(.invalidArgument, "\(error)")
        }
    }
}

extension Facturo_V1_ServiceInfo {
    init(_ service: Service) {
        self.init()
        code = service.code
        label = service.label
        active = service.isActive
        engagementRequired = service.engagementRequired
        validFrom = service.validFrom?.iso ?? ""
        validUntil = service.validUntil?.iso ?? ""
    }

    func service() throws(DomainError) -> Service {
        try Service(
            code: code, label: label, isActive: active, engagementRequired: engagementRequired,
            validFrom: validFrom.isEmpty ? nil : try CalendarDate(validFrom),
            validUntil: validUntil.isEmpty ? nil : try CalendarDate(validUntil)
        )
    }
}

extension Facturo_V1_HabilitationRequestInfo {
    init(_ stored: StoredRequest) {
        self.init()
        id = stored.id
        email = stored.userEmail
        structure = stored.structure.description
        kind = stored.request.kind.rawValue
        application = stored.request.application.rawValue
        level = stored.request.level.rawValue
        serviceCode = stored.request.serviceCode ?? ""
        comment = stored.comment
        createdAtUnixMs = stored.createdAt
        decidedAtUnixMs = stored.decidedAt ?? 0
        decidedBy = stored.decidedBy ?? ""
        state = stored.request.state.name
        switch stored.request.state {
        case let .approved(_, comment), let .refused(_, comment): decisionComment = comment
        case .pending, .withdrawn: break
        }
    }
}

extension Facturo_V1_UserInfo {
    /// The account with its state, for lists where inactive ones appear too.
    init(account user: User) {
        self.init(user)
        active = user.isActive
        technical = user.isTechnical
    }
}

extension Facturo_V1_ImportCounts {
    init(_ tally: ImportTally) {
        self.init()
        structuresCreated = UInt32(tally.structuresCreated)
        structuresUpdated = UInt32(tally.structuresUpdated)
        structuresUnchanged = UInt32(tally.structuresUnchanged)
        servicesCreated = UInt32(tally.servicesCreated)
        servicesUpdated = UInt32(tally.servicesUpdated)
        servicesUnchanged = UInt32(tally.servicesUnchanged)
    }
}
