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
    /// `mandat_facturation`: the structure, as a supplier, may type its
    /// invoices on the exchange (saisie); deposits and flows need no mandate.
    public var billingMandate: Bool
    /// `controle_engagements`: invoices to it must name one of its
    /// engagements, held for that supplier.
    public var checkEngagements: Bool

    public init(
        serviceCodeRequired: Bool = false, engagementRequired: Bool = false, engagementOrServiceCode: Bool = false, handlesMiseEnPaiement: Bool = false,
        billingMandate: Bool = false, checkEngagements: Bool = false
    ) {
        self.serviceCodeRequired = serviceCodeRequired
        self.engagementRequired = engagementRequired
        self.engagementOrServiceCode = engagementOrServiceCode
        self.handlesMiseEnPaiement = handlesMiseEnPaiement
        self.billingMandate = billingMandate
        self.checkEngagements = checkEngagements
    }

    /// A value the parameters require and an invoice lacks.
    public enum Missing: Sendable, Equatable {
        /// The State's services are told apart only by their code.
        case serviceCodeForState
        case serviceCode
        case engagement
        case serviceCodeOrEngagement

        public var label: String {
            switch self {
            case .serviceCodeForState: "code service (obligatoire pour l'État)"
            case .serviceCode: "code service"
            case .engagement: "numéro d'engagement"
            case .serviceCodeOrEngagement: "code service ou numéro d'engagement"
            }
        }
    }

    /// What an invoice with these values lacks, empty when it may be routed.
    public func missing(serviceCode: String?, engagementNumber: String?, structure: StructureIdentifier) -> [Missing] {
        let hasService = !(serviceCode ?? "").isEmpty
        let hasEngagement = !(engagementNumber ?? "").isEmpty
        if structure == .etat, !hasService { return [.serviceCodeForState] }
        if engagementOrServiceCode {
            return hasService || hasEngagement ? [] : [.serviceCodeOrEngagement]
        }
        var missing: [Missing] = []
        if serviceCodeRequired, !hasService { missing.append(.serviceCode) }
        if engagementRequired, !hasEngagement { missing.append(.engagement) }
        return missing
    }

    /// The values an invoice lacks for these parameters, in French, empty
    /// when it may be routed. `structure` matters for the State, whose
    /// services are told apart only by their code.
    public func missingValues(serviceCode: String?, engagementNumber: String?, structure: StructureIdentifier) -> [String] {
        missing(serviceCode: serviceCode, engagementNumber: engagementNumber, structure: structure).map(\.label)
    }
}
