import FacturoDomain

/// Receiving and processing invoices: status changes and the supplier's
/// follow-up, each applied only if the invoice is still in the status the
/// caller saw, with its history entry (chained), its audit line and its
/// notifications in the same transaction; the history and its checks; the
/// notification outbox.
public protocol InvoiceProcessingStore: Sendable {
    /// Applies changes in one transaction (group commit), each with its
    /// own outcome: `StoreError.notFound` for an unknown invoice,
    /// `StoreError.conflict` (naming the current status) when it is no
    /// longer `expected` — nothing of that change written then. Changes of
    /// one invoice apply in order, each seeing the one before.
    func applyInvoiceChanges(_ changes: [InvoiceChange]) async throws -> [Result<AppliedInvoiceChange, StoreError>]
    /// Every entry, in order; nil for an unknown invoice.
    func invoiceHistory(id: String) async throws -> [StoredHistoryEntry]?
    /// The first entry of the invoice that does not chain; nil for an
    /// unknown invoice.
    func verifyHistory(id: String) async throws -> HistoryVerification?
    /// The entries and their check, read together (one transaction).
    func checkedHistory(id: String) async throws -> (entries: [StoredHistoryEntry], verification: HistoryVerification)?
    /// Every invoice's chain.
    func verifyAllHistories() async throws -> HistoryAudit
    func notifications(_ query: NotificationQuery) async throws -> NotificationPage
    /// Marks these outbox rows delivered (pushed to a live session).
    func markNotificationsDelivered(_ ids: [Int64]) async throws
}

extension InvoiceProcessingStore {
    /// One change alone: a batch of one.
    public func applyInvoiceChange(_ change: InvoiceChange) async throws -> AppliedInvoiceChange {
        try await applyInvoiceChanges([change])[0].get()
    }
}

/// One status change or supplier action on an invoice.
public struct InvoiceChange: Sendable {
    public var invoiceID: String
    /// The status the caller saw: the change applies only if it still is.
    public var expected: InvoiceStatus
    /// The history length of the invoice the change was decided on (its
    /// version): when set, the change applies only if nothing was added
    /// since, even if the status came back to the same.
    public var expectedHistoryCount: Int?
    /// Its history entry (sequence and hash are the store's).
    public var action: InvoiceHistoryEntry.Action
    public var to: InvoiceStatus
    public var reason: RefusalReason?
    public var dpNumber: String
    public var comment: String
    public var details: String
    public var actor: AuditActor
    /// Milliseconds since 1970.
    public var at: Int64
    /// A recycling's new routing.
    public var rerouting: Rerouting?
    /// A completion's documents, added to the invoice's attachments.
    public var addedAttachments: [StoredAttachment]

    public init(
        invoiceID: String, expected: InvoiceStatus, action: InvoiceHistoryEntry.Action, to: InvoiceStatus, reason: RefusalReason? = nil,
        dpNumber: String = "", comment: String = "", details: String = "", actor: AuditActor, at: Int64, rerouting: Rerouting? = nil,
        addedAttachments: [StoredAttachment] = [], expectedHistoryCount: Int? = nil
    ) {
        self.expectedHistoryCount = expectedHistoryCount
        self.invoiceID = invoiceID
        self.expected = expected
        self.action = action
        self.to = to
        self.reason = reason
        self.dpNumber = dpNumber
        self.comment = comment
        self.details = details
        self.actor = actor
        self.at = at
        self.rerouting = rerouting
        self.addedAttachments = addedAttachments
    }
}

/// Where a recycled invoice goes: only these may change.
public struct Rerouting: Sendable, Equatable {
    public var recipient: StructureIdentifier
    public var service: String
    public var engagement: String

    public init(recipient: StructureIdentifier, service: String, engagement: String) {
        self.recipient = recipient
        self.service = service
        self.engagement = engagement
    }
}

public struct AppliedInvoiceChange: Sendable {
    /// The invoice as it is now.
    public var invoice: StoredInvoice
    public var previous: InvoiceStatus
    public var entry: StoredHistoryEntry
    /// The outbox rows written with the change, to push to live sessions.
    public var notifications: [PendingNotification]

    public init(invoice: StoredInvoice, previous: InvoiceStatus, entry: StoredHistoryEntry, notifications: [PendingNotification]) {
        self.invoice = invoice
        self.previous = previous
        self.entry = entry
        self.notifications = notifications
    }
}

public struct StoredHistoryEntry: Sendable, Equatable {
    public var entry: InvoiceHistoryEntry
    public var hash: String
    /// False when a stored value is none this version writes (tampering).
    public var readable: Bool

    public init(entry: InvoiceHistoryEntry, hash: String, readable: Bool = true) {
        self.entry = entry
        self.hash = hash
        self.readable = readable
    }
}

public struct HistoryVerification: Sendable, Equatable {
    public var entries: Int
    /// The sequence of the first entry that does not chain (one past the
    /// last when entries are missing at the end); nil when sound.
    public var firstBroken: Int?

    public init(entries: Int, firstBroken: Int?) {
        self.entries = entries
        self.firstBroken = firstBroken
    }
}

public struct HistoryAudit: Sendable, Equatable {
    public var invoices: Int
    public var entries: Int
    /// Invoices whose chain breaks, with the first bad entry, by id.
    public var broken: [BrokenHistory]

    public init(invoices: Int, entries: Int, broken: [BrokenHistory]) {
        self.invoices = invoices
        self.entries = entries
        self.broken = broken
    }
}

public struct BrokenHistory: Sendable, Equatable {
    public var invoiceID: String
    public var number: String
    public var firstBroken: Int

    public init(invoiceID: String, number: String, firstBroken: Int) {
        self.invoiceID = invoiceID
        self.number = number
        self.firstBroken = firstBroken
    }
}

/// The events the outbox holds.
public enum NotificationKind: String, Sendable, CaseIterable, Codable {
    case invoiceReceived = "invoice-received"
    case invoiceStatus = "invoice-status"
}

/// An outbox row just written, for its user's live sessions.
public struct PendingNotification: Sendable, Equatable {
    public var id: Int64
    public var user: UserID
    /// The structure through which the user gets it (recipient or supplier).
    public var structure: StructureIdentifier
    public var kind: NotificationKind

    public init(id: Int64, user: UserID, structure: StructureIdentifier, kind: NotificationKind) {
        self.id = id
        self.user = user
        self.structure = structure
        self.kind = kind
    }
}

public struct NotificationQuery: Sendable, Equatable {
    /// nil: every structure (administrators).
    public var structures: [StructureIdentifier]?
    public var undeliveredOnly: Bool
    public var limit: Int
    /// Keyset cursor: rows older than this id.
    public var after: Int64?

    public init(structures: [StructureIdentifier]?, undeliveredOnly: Bool = false, limit: Int = 50, after: Int64? = nil) {
        self.structures = structures
        self.undeliveredOnly = undeliveredOnly
        self.limit = limit
        self.after = after
    }
}

public struct StoredNotification: Sendable, Equatable {
    public var id: Int64
    public var user: String
    public var structure: StructureIdentifier
    public var invoiceID: String?
    public var invoiceNumber: String?
    public var kind: NotificationKind
    /// The event's fields, as `key=value` lines.
    public var payload: String
    public var createdAt: Int64
    public var deliveredAt: Int64?

    public init(
        id: Int64, user: String, structure: StructureIdentifier, invoiceID: String?, invoiceNumber: String?, kind: NotificationKind, payload: String,
        createdAt: Int64, deliveredAt: Int64?
    ) {
        self.id = id
        self.user = user
        self.structure = structure
        self.invoiceID = invoiceID
        self.invoiceNumber = invoiceNumber
        self.kind = kind
        self.payload = payload
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
    }
}

public struct NotificationPage: Sendable, Equatable {
    public var notifications: [StoredNotification]
    public var next: Int64?

    public init(notifications: [StoredNotification], next: Int64?) {
        self.notifications = notifications
        self.next = next
    }
}
