/// The kinds of structure identifier of the reference system. SIRET is the
/// default and the only one with a checksum.
public enum StructureIdentifierType: String, Sendable, CaseIterable, Codable {
    case siret = "SIRET"
    case ueHorsFrance = "UE_HORS_FRANCE"
    case horsUE = "HORS_UE"
    case ridet = "RIDET"
    case tahiti = "TAHITI"
    case autre = "AUTRE"
    case particulier = "PARTICULIER"
}
