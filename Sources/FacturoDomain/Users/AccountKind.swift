/// The kinds of user account of the reference portal. Raw values are the
/// official labels, shown to users and exchanged with other systems as is.
public enum AccountKind: String, Sendable, CaseIterable, Codable {
    case entreprise = "Entreprise"
    case entitePublique = "Entité publique"
    case particulier = "Particulier"
    case association = "Association"
    /// The public accountant (issue 12): stands for the public accounting
    /// system, reads the structures it keeps books for and sets only the
    /// accounting statuses.
    case comptablePublic = "Comptable public"

    /// The lifecycle's actor an account of this kind acts as on the
    /// recipient's side.
    public var recipientSideActor: LifecycleActor {
        self == .comptablePublic ? .accountant : .recipient
    }
}
