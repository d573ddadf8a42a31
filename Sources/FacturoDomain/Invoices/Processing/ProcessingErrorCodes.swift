/// The codes of processing received invoices (issue 12).
extension DomainError.Code {
    /// The move is not in the lifecycle table for this actor from the
    /// current status; the message names the current status and the legal moves.
    public static let invalidStatusTransition = DomainError.Code(rawValue: "INVALID_STATUS_TRANSITION")
    /// A refusal or suspension without a known reason, or with one that
    /// leads elsewhere.
    public static let reasonRequired = DomainError.Code(rawValue: "REASON_REQUIRED")
    /// `MANDATEE` without its DP (mandat) number.
    public static let dpNumberRequired = DomainError.Code(rawValue: "DP_NUMBER_REQUIRED")
    /// `MISE_EN_PAIEMENT` for a structure whose `mise_en_paiement` is `non`.
    public static let miseEnPaiementNotHandled = DomainError.Code(rawValue: "MISE_EN_PAIEMENT_NOT_HANDLED")
    /// An invoice's history does not chain: an entry was altered or removed.
    public static let historyTampered = DomainError.Code(rawValue: "HISTORY_TAMPERED")

    static let processing: [Self] = [.invalidStatusTransition, .reasonRequired, .dpNumberRequired, .miseEnPaiementNotHandled, .historyTampered]
}
