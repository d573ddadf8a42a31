/// Why a recipient refuses or suspends an invoice: the reference portal's
/// reasons, with codes for scripts and the labels recipients read there
/// (kept exactly). The reason decides what the supplier sees next.
public enum RefusalReason: String, Sendable, CaseIterable, Codable, ClosedVocabulary {
    case seIncorrect = "SE_INCORRECT"
    case ejIncorrect = "EJ_INCORRECT"
    case creancierInconnu = "CREANCIER_INCONNU"
    case coordonneesBancaires = "COORDONNEES_BANCAIRES"
    case livraisonIncomplete = "LIVRAISON_INCOMPLETE"
    case nonConformeCommande = "NON_CONFORME_COMMANDE"
    case doubleFacturation = "DOUBLE_FACTURATION"
    case justificatifAbsent = "JUSTIFICATIF_ABSENT"
    case montantErrone = "MONTANT_ERRONE"
    case tauxTVAErrone = "TAUX_TVA_ERRONE"
    case marcheTermine = "MARCHE_TERMINE"
    case sousTraitantNonDeclare = "SOUS_TRAITANT_NON_DECLARE"
    case compensationAvoirs = "COMPENSATION_AVOIRS"
    case retraitementManuel = "RETRAITEMENT_MANUEL"
    case paiementEnRegie = "PAIEMENT_EN_REGIE"
    case autres = "AUTRES"
    case suppressionEnMasse = "SUPPRESSION_EN_MASSE"
    case mauvaisValideur = "MAUVAIS_VALIDEUR"

    public static let unknownWord = "motif inconnu"

    public var label: String {
        switch self {
        case .seIncorrect: "SE incorrect"
        case .ejIncorrect: "EJ incorrect ou inexistant"
        case .creancierInconnu: "Créancier inconnu ou différent de celui de l'EJ"
        case .coordonneesBancaires: "Erreur de coordonnées bancaires"
        case .livraisonIncomplete: "Livraison incomplète / non effectuée"
        case .nonConformeCommande: "Facture non conforme à la commande"
        case .doubleFacturation: "Double facturation"
        case .justificatifAbsent: "Justificatif absent ou insuffisant"
        case .montantErrone: "Montant de la facture erroné"
        case .tauxTVAErrone: "Taux de TVA erroné"
        case .marcheTermine: "Marché terminé"
        case .sousTraitantNonDeclare: "Sous-traitant / cotraitant non déclaré"
        case .compensationAvoirs: "Suppression pour compensation d'avoirs"
        case .retraitementManuel: "Retraitement manuel par les services"
        case .paiementEnRegie: "Transfert pour paiement en régie"
        case .autres: "Autres : contacter votre acheteur"
        case .suppressionEnMasse: "Suppression en masse"
        case .mauvaisValideur: "Mauvais valideur"
        }
    }

    /// The status the reason leads to: missing documents suspend, wrong
    /// routing data send the invoice back to be recycled, anything else
    /// rejects it for good.
    public var resultingStatus: InvoiceStatus {
        switch self {
        case .justificatifAbsent: .suspendue
        case .seIncorrect, .ejIncorrect, .creancierInconnu: .aRecycler
        default: .rejetee
        }
    }

    /// The reasons that lead to `status` (empty for a status no reason leads to).
    public static func leading(to status: InvoiceStatus) -> [RefusalReason] {
        allCases.filter { $0.resultingStatus == status }
    }
}
