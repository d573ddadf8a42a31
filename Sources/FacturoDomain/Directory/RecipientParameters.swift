/// What a public structure requires on the invoices it receives, as shown
/// in the directory. A missing mandatory value rejects the invoice at
/// submission with a message naming it.
public struct RecipientParameters: Sendable, Equatable, Codable {
    /// `codeServiceDoitEtreRenseigne`.
    public var serviceCodeRequired: Bool
    /// `numeroEJDoitEtreRenseigne`.
    public var engagementRequired: Bool
    /// `gestionNumeroEJOuCodeService`: either one is enough.
    public var engagementOrServiceCode: Bool
    /// Whether the structure sets the MISE_EN_PAIEMENT status.
    public var handlesMiseEnPaiement: Bool

    public init(serviceCodeRequired: Bool = false, engagementRequired: Bool = false, engagementOrServiceCode: Bool = false, handlesMiseEnPaiement: Bool = false) {
        self.serviceCodeRequired = serviceCodeRequired
        self.engagementRequired = engagementRequired
        self.engagementOrServiceCode = engagementOrServiceCode
        self.handlesMiseEnPaiement = handlesMiseEnPaiement
    }

    /// The values an invoice lacks for these parameters, in French, empty
    /// when it may be routed. `structure` matters for the State, whose
    /// services are told apart only by their code.
    public func missingValues(serviceCode: String?, engagementNumber: String?, structure: StructureIdentifier) -> [String] {
        let hasService = !(serviceCode ?? "").isEmpty
        let hasEngagement = !(engagementNumber ?? "").isEmpty
        if structure == .etat, !hasService { return ["code service (obligatoire pour l'État)"] }
        if engagementOrServiceCode {
            return hasService || hasEngagement ? [] : ["code service ou numéro d'engagement"]
        }
        var missing: [String] = []
        if serviceCodeRequired, !hasService { missing.append("code service") }
        if engagementRequired, !hasEngagement { missing.append("numéro d'engagement") }
        return missing
    }
}
