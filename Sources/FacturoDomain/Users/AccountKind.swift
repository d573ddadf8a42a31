/// The kinds of user account of the reference portal. Raw values are the
/// official labels, shown to users and exchanged with other systems as is.
public enum AccountKind: String, Sendable, CaseIterable, Codable {
    case entreprise = "Entreprise"
    case entitePublique = "Entité publique"
    case particulier = "Particulier"
    case association = "Association"
}
