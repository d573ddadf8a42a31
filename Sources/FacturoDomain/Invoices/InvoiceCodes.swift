/// The invoice header's closed vocabularies, spelled exactly as the
/// reference portal and its API spell them (issue 11: sending invoices).

/// `FACTURE`, or `AVOIR` (credit note, which names the original invoice).
public enum InvoiceType: String, Sendable, CaseIterable, Codable, ClosedVocabulary {
    case facture = "FACTURE"
    case avoir = "AVOIR"
    public static let unknownWord = "type de facture inconnu"
}

/// How VAT is due; `EXONERATION` needs an exemption reason.
public enum VATRegime: String, Sendable, CaseIterable, Codable, ClosedVocabulary {
    case surDebit = "TVA_SUR_DEBIT"
    case surEncaissement = "TVA_SUR_ENCAISSEMENT"
    case exoneration = "EXONERATION"
    case sansTVA = "SANS_TVA"
    public static let unknownWord = "type de TVA inconnu"
}

public enum PaymentMode: String, Sendable, CaseIterable, Codable, ClosedVocabulary {
    case virement = "VIREMENT"
    case cheque = "CHEQUE"
    case prelevement = "PRELEVEMENT"
    case espece = "ESPECE"
    case autre = "AUTRE"
    case report = "REPORT"
    public static let unknownWord = "mode de paiement inconnu"
}

/// The cadre de facturation: who sends what. A1 (supplier invoice, the
/// default), A2 (already paid: amount due 0), A9 (subcontractor) and A12
/// (co-contractor) are in scope; A3…A25 exist in the reference and are kept
/// so that a frame outside the first scope is refused by a rule, not as an
/// unknown word.
public struct BillingFrame: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    /// 1…25.
    public let number: Int

    public init?(rawValue: String) {
        guard rawValue.first == "A", let number = Int(rawValue.dropFirst()), (1...25).contains(number), rawValue == "A\(number)" else { return nil }
        self.rawValue = rawValue
        self.number = number
    }

    public var description: String { rawValue }

    public static let supplierInvoice = BillingFrame(rawValue: "A1")!
    public static let alreadyPaid = BillingFrame(rawValue: "A2")!
    public static let subcontractor = BillingFrame(rawValue: "A9")!
    public static let coContractor = BillingFrame(rawValue: "A12")!

    /// The frames this version handles end to end.
    public static let inScope: Set<BillingFrame> = [.supplierInvoice, .alreadyPaid, .subcontractor, .coContractor]

    /// A frame as given on the wire or in a script; empty means A1.
    public static func parsing(_ text: String) throws(DomainError) -> BillingFrame {
        if text.isEmpty { return .supplierInvoice }
        guard let frame = BillingFrame(rawValue: text) else {
            throw DomainError(.invalidArgument, "cadre de facturation inconnu : \(text.quotedForMessage) (A1 à A25)")
        }
        return frame
    }
}
