import FacturoWire

/// How organisation answers look in the console: the same columns in
/// every format, so scripts can capture `$x.FIELD` whatever the display.
enum OrganisationOutput {
    static func yesNo(_ value: Bool) -> String { value ? "oui" : "non" }

    static let structureColumns = ["structure", "raison_sociale", "code_postal", "ville", "publique", "active"]

    static func structureRow(_ info: Facturo_V1_StructureInfo) -> [String] {
        [info.identifier, info.name, info.postcode, info.town, yesNo(info.public), yesNo(info.active)]
    }

    /// One structure as the portal's detail page shows it: identity,
    /// address, recipient parameters, then one line per service.
    static func structure(_ info: Facturo_V1_StructureInfo) -> CommandOutput {
        var fields: [CommandOutput.Field] = [
            .init("structure", info.identifier),
            .init("type_identifiant", info.identifierType),
            .init("raison_sociale", info.name),
            .init("adresse", info.addressLine),
            .init("code_postal", info.postcode),
            .init("ville", info.town),
            .init("pays", info.countryCode),
            .init("publique", yesNo(info.public)),
            .init("active", yesNo(info.active)),
            .init("code_service_obligatoire", yesNo(info.serviceCodeRequired)),
            .init("engagement_obligatoire", yesNo(info.engagementRequired)),
            .init("code_service_ou_engagement", yesNo(info.engagementOrServiceCode)),
            .init("mise_en_paiement", yesNo(info.handlesMiseEnPaiement)),
            .init("mandat_facturation", yesNo(info.billingMandate)),
            .init("controle_engagements", yesNo(info.checkEngagements)),
            .init("services", String(info.services.count)),
        ]
        for service in info.services {
            var details = [service.label, service.active ? "actif" : "inactif"]
            if service.engagementRequired { details.append("engagement obligatoire") }
            if !service.validFrom.isEmpty || !service.validUntil.isEmpty {
                details.append("valide \(service.validFrom.isEmpty ? "…" : service.validFrom) → \(service.validUntil.isEmpty ? "…" : service.validUntil)")
            }
            fields.append(.init("service_\(service.code)", details.joined(separator: " · ")))
        }
        return .record(fields)
    }

    static let habilitationColumns = ["structure", "raison_sociale", "code_service", "libelle_service", "profil", "application", "niveau", "email"]

    static func habilitationRow(_ info: Facturo_V1_HabilitationInfo) -> [String] {
        [info.structure, info.structureName, info.serviceCode, info.serviceLabel, "\(info.applicationLabel) - \(info.level)", info.application, info.level, info.email]
    }

    static let requestColumns = ["id", "email", "structure", "demande", "application", "niveau", "service", "etat", "commentaire", "decide_par", "commentaire_decision", "creee"]

    static func requestRow(_ info: Facturo_V1_HabilitationRequestInfo) -> [String] {
        [
            String(info.id), info.email, info.structure, info.kind, info.application, info.level, info.serviceCode, info.state,
            info.comment, info.decidedBy, info.decisionComment, Timestamps.iso8601(unixMilliseconds: info.createdAtUnixMs),
        ]
    }

    static let userColumns = ["email", "nom", "type", "actif", "technique", "administrateur", "role", "services"]

    static func userRow(_ user: Facturo_V1_UserInfo, role: String = "", services: [String] = []) -> [String] {
        [user.email, user.displayName, user.kind, yesNo(user.active), yesNo(user.technical), yesNo(user.platformAdministrator), role, services.joined(separator: ",")]
    }
}

/// `a,b,c` lists of options.
func commaList(_ text: String?) -> [String] {
    (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}
