/// One line of an invoice's history ("suivre la facture"): a status change
/// or a user's action, who did it and when. Entries are append-only and
/// chained: each carries the SHA-256 of the previous entry's hash and of its
/// own canonical bytes (the first chains to the deposit certificate), so an
/// edit or a removal anywhere breaks every later link.
public struct InvoiceHistoryEntry: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable, Codable, ClosedVocabulary {
        /// A status set by the platform, the recipient or the accountant.
        case status = "statut"
        /// The supplier completed a suspended invoice (documents, comment).
        case completion = "completion"
        /// The supplier recycled an invoice sent back (new routing data).
        case recycling = "recyclage"
        /// The supplier took note of a rejection ("rejet traité").
        case rejectionAcknowledged = "rejet_traite"

        public static let unknownWord = "action inconnue"

        public var label: String {
            switch self {
            case .status: "Changement de statut"
            case .completion: "Facture complétée"
            case .recycling: "Facture recyclée"
            case .rejectionAcknowledged: "Rejet traité"
            }
        }
    }

    /// 1 for the invoice's first entry.
    public var sequence: Int
    /// Milliseconds since 1970.
    public var at: Int64
    /// The user's e-mail, or `plateforme`.
    public var actor: String
    public var action: Action
    public var from: InvoiceStatus?
    public var to: InvoiceStatus
    public var reason: RefusalReason?
    public var dpNumber: String
    public var comment: String
    /// What else the action carried, as `key=value` lines (a recycling's
    /// new routing, a completion's attachment names).
    public var details: String

    public init(
        sequence: Int, at: Int64, actor: String, action: Action, from: InvoiceStatus?, to: InvoiceStatus, reason: RefusalReason? = nil,
        dpNumber: String = "", comment: String = "", details: String = ""
    ) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.action = action
        self.from = from
        self.to = to
        self.reason = reason
        self.dpNumber = dpNumber
        self.comment = comment
        self.details = details
    }

    /// The bytes the chain hashes, for the invoice `invoiceID`: a version
    /// tag, then every field length-prefixed (4 bytes, big-endian) so that
    /// no two entries share an encoding. Changing this breaks every chain
    /// stored: add a version instead.
    public func canonicalBytes(invoiceID: String) -> [UInt8] {
        var bytes = Array("facturo-history-v1".utf8)
        for field in [
            invoiceID, String(sequence), String(at), actor, action.rawValue, from?.rawValue ?? "", to.rawValue, reason?.rawValue ?? "",
            dpNumber, comment, details,
        ] {
            let utf8 = Array(field.utf8)
            let count = UInt32(utf8.count)
            bytes += [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
            bytes += utf8
        }
        return bytes
    }
}
