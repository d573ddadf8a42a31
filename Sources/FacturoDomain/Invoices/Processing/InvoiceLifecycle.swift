/// The invoice lifecycle: one table of legal moves, keyed by current status
/// × target × actor, and the rules that go with a move (a reason for a
/// refusal, a DP number for a mandate, the structure handling
/// MISE_EN_PAIEMENT). Pure: the store applies a move only if the status is
/// still the one the move was decided from.
public enum InvoiceLifecycle {
    public struct Move: Sendable, Hashable {
        public var from: InvoiceStatus
        public var to: InvoiceStatus
        public var actor: LifecycleActor

        public init(_ from: InvoiceStatus, _ to: InvoiceStatus, _ actor: LifecycleActor) {
            self.from = from
            self.to = to
            self.actor = actor
        }
    }

    /// Statuses from which the recipient decides (made available, or
    /// completed by the supplier after a suspension).
    static let awaitingRecipient: [InvoiceStatus] = [.miseADisposition, .completee]
    /// What the recipient may decide from them.
    static let recipientDecisions: [InvoiceStatus] = [.rejetee, .suspendue, .aRecycler, .serviceFait, .mandatee]

    /// Every legal move, written once (README "Invoice lifecycle").
    public static let table: [Move] = {
        var moves: [Move] = [Move(.deposee, .miseADisposition, .platform)]
        for from in awaitingRecipient {
            for to in recipientDecisions { moves.append(Move(from, to, .recipient)) }
        }
        moves += [
            Move(.serviceFait, .mandatee, .recipient),
            // The supplier's follow-up: completing a suspended invoice, and
            // recycling one sent back (routed again, made available).
            Move(.suspendue, .completee, .supplier),
            Move(.aRecycler, .miseADisposition, .supplier),
            // The public accountant, once the payment order exists.
            Move(.mandatee, .miseADispositionComptable, .accountant),
            Move(.miseADispositionComptable, .comptabilisee, .accountant),
            Move(.miseADispositionComptable, .miseEnPaiement, .accountant),
            Move(.comptabilisee, .miseEnPaiement, .accountant),
        ]
        return moves
    }()

    private static let legal = Set(table)

    public static func isLegal(from: InvoiceStatus, to: InvoiceStatus, by actor: LifecycleActor) -> Bool {
        legal.contains(Move(from, to, actor))
    }

    /// The targets `actor` may move an invoice to from `status`, in the
    /// table's order (the reference's "états possibles").
    public static func targets(from status: InvoiceStatus, by actor: LifecycleActor) -> [InvoiceStatus] {
        table.filter { $0.from == status && $0.actor == actor }.map(\.to)
    }

    /// Statuses no move leaves, for anyone: `REJETEE` (acknowledged, never
    /// reopened) and `MISE_EN_PAIEMENT`.
    public static var terminal: [InvoiceStatus] {
        InvoiceStatus.allCases.filter { status in !table.contains { $0.from == status } }
    }

    /// The statuses awaiting `actor`'s action: the to-do list (Synthèse).
    public static func awaiting(_ actor: LifecycleActor) -> [InvoiceStatus] {
        var statuses: [InvoiceStatus] = []
        for move in table where move.actor == actor && !statuses.contains(move.from) { statuses.append(move.from) }
        return statuses
    }

    /// Statuses a refusal leads to: they need a reason, which decides among them.
    public static let refusals: Set<InvoiceStatus> = [.rejetee, .suspendue, .aRecycler]

    public static let commentLimit = TextLimit(field: "comment", maximum: 255)
    public static let dpNumberLimit = TextLimit(field: "dp_number", maximum: 35)

    /// A processing's free text (comment, DP number): bounded, and without
    /// control characters (the other party's console shows it).
    public static func textViolations(_ text: String, _ limit: TextLimit) -> [DomainError.Violation] {
        var violations: [DomainError.Violation] = []
        do { try limit.check(text) } catch { violations += error.violations }
        if let violation = InvoiceHeader.controlViolation(text, field: limit.field) { violations.append(violation) }
        return violations
    }

    /// A recycling's new service code and engagement number, as a
    /// deposit's checks take them (trimmed, code rules, length, controls).
    public static func reroutingViolations(service: String, engagement: String) -> [DomainError.Violation] {
        var violations: [DomainError.Violation] = []
        if !service.isEmpty {
            do { try Service.validate(code: service) } catch { violations.append(.init(error.code, "service : \(error.message)", field: "service")) }
        }
        violations += textViolations(engagement, TextLimit(field: "engagement", maximum: InvoiceHeader.referenceLimit.maximum))
        return violations
    }
}
