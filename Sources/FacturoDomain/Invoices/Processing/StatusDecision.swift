/// A recipient's or accountant's decision on an invoice, checked against
/// the lifecycle before anything is stored: every wrong part at once, the
/// first one's code as the main code.
public struct StatusDecision: Sendable, Equatable {
    public var from: InvoiceStatus
    public var to: InvoiceStatus
    public var actor: LifecycleActor
    public var reason: RefusalReason?
    public var dpNumber: String
    public var comment: String

    /// `target` nil means "where the reason leads" (a refusal named by its
    /// reason alone). `handlesMiseEnPaiement` is the recipient structure's
    /// directory parameter.
    public static func deciding(
        from current: InvoiceStatus, to target: InvoiceStatus?, by actor: LifecycleActor, reason reasonText: String, dpNumber: String,
        comment: String, handlesMiseEnPaiement: Bool
    ) throws(DomainError) -> StatusDecision {
        var violations: [DomainError.Violation] = []
        var reason: RefusalReason?
        if !reasonText.isEmpty {
            do { reason = try RefusalReason.named(reasonText) } catch {
                violations.append(DomainError.Violation(.reasonRequired, error.message, field: "reason"))
            }
        }
        guard let to = target ?? reason?.resultingStatus else {
            if violations.isEmpty {
                violations.append(DomainError.Violation(.reasonRequired, "motif obligatoire pour un refus (\(RefusalReason.allCases.map(\.rawValue).joined(separator: ", ")))", field: "reason"))
            }
            throw DomainError(violations: violations)!
        }
        if InvoiceLifecycle.refusals.contains(to) {
            if let reason, reason.resultingStatus != to {
                violations.append(DomainError.Violation(
                    .reasonRequired, "le motif \(reason.rawValue) (« \(reason.label) ») mène au statut \(reason.resultingStatus.rawValue), pas \(to.rawValue) : motifs de \(to.rawValue) : \(Self.reasons(to))",
                    field: "reason"
                ))
            } else if reason == nil, violations.isEmpty {
                violations.append(DomainError.Violation(.reasonRequired, "motif obligatoire pour le statut \(to.rawValue) : \(Self.reasons(to))", field: "reason"))
            }
        } else if reason != nil {
            violations.append(DomainError.Violation(.invalidArgument, "reason : un motif accompagne un refus ou une suspension, pas le statut \(to.rawValue)", field: "reason"))
        }
        let dp = dpNumber.trimmingSpaces()
        if to == .mandatee {
            if dp.isEmpty { violations.append(DomainError.Violation(.dpNumberRequired, "numéro de DP (mandat) obligatoire pour le statut MANDATEE", field: "dp_number")) }
            violations += InvoiceLifecycle.textViolations(dp, InvoiceLifecycle.dpNumberLimit)
        } else if !dp.isEmpty {
            violations.append(DomainError.Violation(.invalidArgument, "dp_number : un numéro de DP accompagne le statut MANDATEE seulement", field: "dp_number"))
        }
        violations += InvoiceLifecycle.textViolations(comment, InvoiceLifecycle.commentLimit)
        if !InvoiceLifecycle.isLegal(from: current, to: to, by: actor) {
            violations.insert(Self.illegal(from: current, to: to, by: actor), at: 0)
        } else if to == .miseEnPaiement, !handlesMiseEnPaiement {
            violations.insert(DomainError.Violation(
                .miseEnPaiementNotHandled, "la structure destinataire ne gère pas le statut MISE_EN_PAIEMENT (paramètre mise_en_paiement à non)", field: "status"
            ), at: 0)
        }
        if let error = DomainError(violations: violations) { throw error }
        return StatusDecision(from: current, to: to, actor: actor, reason: reason, dpNumber: dp, comment: comment)
    }

    /// The refusal of a move the table does not hold, naming the current
    /// status and what is legal from it for this actor.
    public static func illegal(from current: InvoiceStatus, to target: InvoiceStatus, by actor: LifecycleActor) -> DomainError.Violation {
        let legal = InvoiceLifecycle.targets(from: current, by: actor)
        let moves = legal.isEmpty ? "aucune transition possible pour le \(actor.rawValue)" : "transitions possibles pour le \(actor.rawValue) : \(legal.map(\.rawValue).joined(separator: ", "))"
        return DomainError.Violation(.invalidStatusTransition, "statut actuel \(current.rawValue) : passage à \(target.rawValue) impossible (\(moves))", field: "status")
    }

    private static func reasons(_ status: InvoiceStatus) -> String {
        RefusalReason.leading(to: status).map(\.rawValue).joined(separator: ", ")
    }
}
