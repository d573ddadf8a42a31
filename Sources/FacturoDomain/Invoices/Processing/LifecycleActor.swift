/// Who moves an invoice from one status to the next. The lifecycle table
/// is keyed by it: the same status change may be legal for one and not
/// for another.
public enum LifecycleActor: String, Sendable, CaseIterable, Codable {
    /// The exchange itself: routing a deposit to its recipient.
    case platform = "plateforme"
    /// Holders of `factures_recues` modification on the recipient.
    case recipient = "destinataire"
    /// Holders of `factures_emises` modification on the supplier.
    case supplier = "fournisseur"
    /// A "Comptable public" account: the public accounting system.
    case accountant = "comptable"
}
