/// The official statuses of an invoice, with the reference's numbers and
/// labels. Sending sets the first two; processing (issue 12) the others.
public enum InvoiceStatus: String, Sendable, CaseIterable, Codable, ClosedVocabulary {
    case deposee = "DEPOSEE"
    case miseADisposition = "MISE_A_DISPOSITION"
    case aRecycler = "A_RECYCLER"
    case rejetee = "REJETEE"
    case suspendue = "SUSPENDUE"
    case completee = "COMPLETEE"
    case serviceFait = "SERVICE_FAIT"
    case mandatee = "MANDATEE"
    case miseADispositionComptable = "MISE_A_DISPOSITION_COMPTABLE"
    case comptabilisee = "COMPTABILISEE"
    case miseEnPaiement = "MISE_EN_PAIEMENT"

    public static let unknownWord = "statut inconnu"

    /// The reference's number; `COMPTABILISEE` has none.
    public var number: Int? {
        switch self {
        case .deposee: 1
        case .miseADisposition: 3
        case .aRecycler: 4
        case .rejetee: 5
        case .suspendue: 6
        case .completee: 12
        case .serviceFait: 7
        case .mandatee: 8
        case .miseADispositionComptable: 9
        case .comptabilisee: nil
        case .miseEnPaiement: 11
        }
    }

    public var label: String {
        switch self {
        case .deposee: "Déposée"
        case .miseADisposition: "Mise à disposition du destinataire"
        case .aRecycler: "A recycler"
        case .rejetee: "Rejetée"
        case .suspendue: "Suspendue"
        case .completee: "Complétée"
        case .serviceFait: "Service fait"
        case .mandatee: "Mandatée"
        case .miseADispositionComptable: "Mise à disposition du comptable"
        case .comptabilisee: "Comptabilisée"
        case .miseEnPaiement: "Mise en paiement"
        }
    }
}
