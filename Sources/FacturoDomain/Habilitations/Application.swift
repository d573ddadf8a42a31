/// The reference portal's applications, on which habilitations are given.
/// Raw values are the stable codes used on the wire and in scripts; labels
/// are the portal's.
public enum Application: String, Sendable, CaseIterable, Codable {
    case facturesEmises = "factures_emises"
    case facturesRecues = "factures_recues"
    case facturesTravaux = "factures_travaux"
    case engagements
    case structures
    case utilisateurs
    case raccordements
    case sollicitationsEmises = "sollicitations_emises"

    public var label: String {
        switch self {
        case .facturesEmises: "Factures émises"
        case .facturesRecues: "Factures reçues"
        case .facturesTravaux: "Factures de travaux"
        case .engagements: "Engagements"
        case .structures: "Structures"
        case .utilisateurs: "Utilisateurs"
        case .raccordements: "Raccordements"
        case .sollicitationsEmises: "Sollicitations émises"
        }
    }
}

/// How much a habilitation allows. `modification` implies `consultation`.
public enum AccessLevel: String, Sendable, CaseIterable, Codable, Comparable {
    case consultation
    case modification

    public static func < (a: AccessLevel, b: AccessLevel) -> Bool {
        a == .consultation && b == .modification
    }

    /// Whether holding `self` is enough for an action needing `required`.
    public func satisfies(_ required: AccessLevel) -> Bool {
        self >= required
    }
}
