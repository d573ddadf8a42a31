import Crypto
import FacturoDomain
import Foundation

/// Sending invoices: engagements, staged uploads, drafts, submissions and
/// their reads. Files are kept in the store itself, content-addressed by
/// SHA-256, so that every server sharing a database sees them. Every change
/// writes its audit line in its transaction.
public protocol InvoiceStore: Sendable {
    // Engagements.
    func engagement(recipient: StructureIdentifier, number: String) async throws -> Engagement?
    /// Creates or replaces; `StoreError.notFound` when recipient or supplier is not in the directory.
    func saveEngagement(_ engagement: Engagement, by actor: AuditActor) async throws -> SaveResult
    /// All of them in one transaction, or none.
    func importEngagements(_ engagements: [Engagement], by actor: AuditActor) async throws -> [SaveResult]
    /// The recipient's engagements, or those held for the supplier; by number.
    func engagements(recipient: StructureIdentifier?, supplier: StructureIdentifier?) async throws -> [Engagement]
    /// False when the recipient holds none of that number.
    func removeEngagement(recipient: StructureIdentifier, number: String, by actor: AuditActor) async throws -> Bool

    // Uploads.
    /// Appends a chunk to the caller's upload (creating it on `first`);
    /// on `last` the file is complete and kept by its digest. Throws
    /// `StoreError.notFound` for an upload not (or no longer) staged for `owner`.
    /// `purpose` is set by the first chunk (nil: an attachment); a later
    /// chunk naming another is `StoreError.notFound`. A flow upload is not
    /// kept with the files: its chunks stay, for the flow that takes it
    /// (`FlowStore.receiveFlow`).
    func appendUpload(id: String, owner: UserID, purpose: UploadPurpose?, first: Bool, last: Bool, data: [UInt8]) async throws -> UploadState
    /// A completed upload of `owner`, nil otherwise.
    func completedUpload(id: String, owner: UserID) async throws -> StoredFile?

    // Drafts.
    func createDraft(supplier: StructureIdentifier, header: InvoiceHeaderFields, by actor: AuditActor) async throws -> StoredDraft
    func draft(id: String) async throws -> StoredDraft?
    /// Replaces header, lines and attachments; `StoreError.notFound` once
    /// deleted, `StoreError.conflict` once sent.
    func saveDraft(_ draft: StoredDraft) async throws -> StoredDraft
    func deleteDraft(id: String, by actor: AuditActor) async throws -> Bool
    func drafts(suppliers: [StructureIdentifier]) async throws -> [StoredDraft]

    // Submissions.
    /// Stores a batch of accepted invoices in one transaction (group
    /// commit), each with its own outcome: its lines, VAT, attachments and
    /// first statuses (DEPOSEE, MISE_A_DISPOSITION), the draft it came from
    /// marked sent. The same key from the same supplier answers the first
    /// invoice (`replayed`); the same number under another key is refused
    /// with `DUPLICATE_INVOICE`. `seal` signs the certificate digests of the
    /// batch's new invoices, in order, inside the transaction: nothing is
    /// acknowledged unsigned.
    func submitInvoices(_ submissions: [InvoiceSubmission], seal: @Sendable ([String]) throws -> SealedBatch) async throws -> [SubmissionOutcome]
    func invoice(id: String) async throws -> StoredInvoice?
    /// The invoice a supplier's submission key created, if any: a retry
    /// is answered with it before any check.
    func submittedInvoice(supplier: StructureIdentifier, key: String) async throws -> StoredInvoice?
    /// Whether the supplier already has an invoice of this number.
    func invoiceExists(supplier: StructureIdentifier, number: String) async throws -> Bool
    func searchInvoices(_ query: InvoiceQuery) async throws -> InvoicePage
    /// Drops the file unless an invoice, an upload or a draft refers to it
    /// (for files kept with `storeFile`; no request path uses it now).
    func dropFileIfUnreferenced(digest: String) async throws
    /// A slice of a file kept by digest, nil when none has it.
    func fileContent(digest: String, offset: Int, length: Int) async throws -> [UInt8]?
}

public struct UploadState: Sendable, Equatable {
    public var id: String
    public var size: Int
    /// Set once the last chunk arrived.
    public var digest: String?

    public init(id: String, size: Int, digest: String?) {
        self.id = id
        self.size = size
        self.digest = digest
    }
}

/// A file kept by the store: its SHA-256 (base64) and size.
public struct StoredFile: Sendable, Equatable, Codable {
    public var digest: String
    public var size: Int

    public init(digest: String, size: Int) {
        self.digest = digest
        self.size = size
    }

    /// The file `bytes` would be, not stored yet (`InvoiceSubmission.contents`).
    public init(of bytes: [UInt8]) {
        self.init(digest: Data(SHA256.hash(data: bytes)).base64EncodedString(), size: bytes.count)
    }
}

/// A file attached to a draft or an invoice.
public struct StoredAttachment: Sendable, Equatable, Codable {
    public var name: String
    public var file: StoredFile
    public var isMain: Bool

    public init(name: String, file: StoredFile, isMain: Bool) {
        self.name = name
        self.file = file
        self.isMain = isMain
    }
}

public struct StoredDraft: Sendable, Equatable {
    public var id: String
    /// TMP and ten digits, until the draft is sent.
    public var temporaryNumber: String
    public var supplier: StructureIdentifier
    public var header: InvoiceHeaderFields
    public var lines: [InvoiceLine]
    public var attachments: [StoredAttachment]
    public var createdBy: UserID?
    public var updatedAt: Int64
    /// The invoice it became, once sent.
    public var sentInvoice: String?

    public init(
        id: String, temporaryNumber: String, supplier: StructureIdentifier, header: InvoiceHeaderFields, lines: [InvoiceLine],
        attachments: [StoredAttachment], createdBy: UserID?, updatedAt: Int64, sentInvoice: String? = nil
    ) {
        self.sentInvoice = sentInvoice
        self.id = id
        self.temporaryNumber = temporaryNumber
        self.supplier = supplier
        self.header = header
        self.lines = lines
        self.attachments = attachments
        self.createdBy = createdBy
        self.updatedAt = updatedAt
    }
}

/// What the server decided to accept, ready to store.
public struct InvoiceSubmission: Sendable {
    public var id: String
    public var document: InvoiceDocument
    public var attachments: [StoredAttachment]
    public var key: String
    /// Milliseconds since 1970: the legally binding deposit time.
    public var depositedAt: Int64
    public var depositDay: CalendarDate
    public var certificate: String
    /// The draft it came from, marked sent in the same transaction.
    public var draftID: String?
    /// Who submits it, for its first status and audit line.
    public var actor: AuditActor
    /// Attachments' files not stored yet (a flow's members, the files
    /// embedded in an XML invoice), by digest: stored in the submission's
    /// own transaction, so a refused submission leaves none behind and no
    /// other's refusal can drop them before this one commits.
    public var contents: [String: [UInt8]]

    public init(
        id: String, document: InvoiceDocument, attachments: [StoredAttachment], key: String, depositedAt: Int64, depositDay: CalendarDate,
        certificate: String, draftID: String? = nil, actor: AuditActor = .system, contents: [String: [UInt8]] = [:]
    ) {
        self.actor = actor
        self.contents = contents
        self.id = id
        self.document = document
        self.attachments = attachments
        self.key = key
        self.depositedAt = depositedAt
        self.depositDay = depositDay
        self.certificate = certificate
        self.draftID = draftID
    }
}

public enum SubmissionOutcome: Sendable {
    case accepted(StoredInvoice)
    /// The key was used before: the invoice it created then.
    case replayed(StoredInvoice)
    /// Refused by the store's own checks (the number is taken).
    case refused(DomainError)

    public func invoice() throws -> (StoredInvoice, replayed: Bool) {
        switch self {
        case let .accepted(invoice): (invoice, false)
        case let .replayed(invoice): (invoice, true)
        case let .refused(error): throw error
        }
    }
}

/// What `seal` answers for a batch: its signed Merkle root and each
/// invoice's audit path (base64), in the order of the digests given.
public struct SealedBatch: Sendable, Equatable {
    public var size: Int
    public var root: String
    public var signedAt: Int64
    public var signature: String
    public var paths: [[String]]

    public init(size: Int, root: String, signedAt: Int64, signature: String, paths: [[String]]) {
        self.size = size
        self.root = root
        self.signedAt = signedAt
        self.signature = signature
        self.paths = paths
    }
}

/// An invoice's place in its signed batch.
public struct InvoiceSeal: Sendable, Equatable {
    public var leafIndex: Int
    public var path: [String]
    public var batchSize: Int
    public var root: String
    public var signedAt: Int64
    public var signature: String

    public init(leafIndex: Int, path: [String], batchSize: Int, root: String, signedAt: Int64, signature: String) {
        self.leafIndex = leafIndex
        self.path = path
        self.batchSize = batchSize
        self.root = root
        self.signedAt = signedAt
        self.signature = signature
    }
}

extension InvoiceStore {
    /// One submission alone: a batch of one.
    public func submitInvoice(_ submission: InvoiceSubmission, seal: @Sendable ([String]) throws -> SealedBatch) async throws -> SubmissionOutcome {
        try await submitInvoices([submission], seal: seal)[0]
    }
}

public struct StatusChange: Sendable, Equatable {
    public var status: InvoiceStatus
    public var at: Int64
    public var by: String
    public var comment: String

    public init(status: InvoiceStatus, at: Int64, by: String, comment: String = "") {
        self.status = status
        self.at = at
        self.by = by
        self.comment = comment
    }
}

public struct StoredInvoice: Sendable, Equatable {
    public var id: String
    public var document: InvoiceDocument
    public var attachments: [StoredAttachment]
    public var status: InvoiceStatus
    public var statuses: [StatusChange]
    public var certificate: String
    public var depositedAt: Int64
    /// Its signed batch (nil only for invoices of before signing).
    public var seal: InvoiceSeal?
    /// When it reached its current status (milliseconds since 1970).
    public var statusAt: Int64
    /// The DP (mandat) number, once `MANDATEE`.
    public var dpNumber: String
    /// A `REJETEE` invoice the supplier took note of ("rejet traité").
    public var rejectionAcknowledged: Bool
    /// Outbox rows the write that answered this invoice created (a
    /// submission's `invoice-received`), for live sessions; empty on reads.
    public var newNotifications: [PendingNotification]
    /// The routing as deposited, once a recycling changed it.
    public var depositedRouting: Rerouting?
    /// How many of `attachments` came with the deposit (the rest a
    /// completion added).
    public var depositedAttachmentCount: Int
    /// Entries of its history: the version a change is decided on.
    public var historyCount: Int

    /// The invoice as deposited, which its certificate covers: its first
    /// routing and documents, whatever a recycling or completion changed.
    public var asDeposited: (document: InvoiceDocument, attachments: [StoredAttachment]) {
        var document = self.document
        if let routing = depositedRouting {
            document.header.recipient = routing.recipient
            document.header.recipientService = routing.service
            document.header.engagement = routing.engagement
        }
        return (document, Array(attachments.prefix(depositedAttachmentCount)))
    }

    public init(
        id: String, document: InvoiceDocument, attachments: [StoredAttachment], status: InvoiceStatus, statuses: [StatusChange], certificate: String,
        depositedAt: Int64, seal: InvoiceSeal? = nil, statusAt: Int64? = nil, dpNumber: String = "", rejectionAcknowledged: Bool = false,
        newNotifications: [PendingNotification] = [], depositedRouting: Rerouting? = nil, depositedAttachmentCount: Int? = nil, historyCount: Int = 2
    ) {
        self.depositedRouting = depositedRouting
        self.depositedAttachmentCount = depositedAttachmentCount ?? attachments.count
        self.historyCount = historyCount
        self.seal = seal
        self.statusAt = statusAt ?? depositedAt
        self.dpNumber = dpNumber
        self.rejectionAcknowledged = rejectionAcknowledged
        self.newNotifications = newNotifications
        self.id = id
        self.document = document
        self.attachments = attachments
        self.status = status
        self.statuses = statuses
        self.certificate = certificate
        self.depositedAt = depositedAt
    }
}

/// Criteria of an invoice search; nil means "any".
public struct InvoiceQuery: Sendable, Equatable {
    /// The suppliers whose sent invoices may be listed (the caller's).
    public var suppliers: [StructureIdentifier]
    /// When set, received invoices instead: those of these recipients
    /// (and services) the caller sees; `suppliers` then filters (empty: any).
    public var received: [RecipientScope]?
    public var number: String?
    public var recipient: StructureIdentifier?
    public var status: InvoiceStatus?
    /// Any of these statuses (the to-do list); empty: any.
    public var statuses: [InvoiceStatus] = []
    public var from: CalendarDate?
    public var to: CalendarDate?
    public var limit: Int
    /// Keyset cursor: the store's position after the previous page's last row.
    public var after: Int64?

    public init(suppliers: [StructureIdentifier], number: String? = nil, recipient: StructureIdentifier? = nil, status: InvoiceStatus? = nil,
                from: CalendarDate? = nil, to: CalendarDate? = nil, limit: Int = 50, after: Int64? = nil) {
        self.suppliers = suppliers
        self.number = number
        self.recipient = recipient
        self.status = status
        self.from = from
        self.to = to
        self.limit = limit
        self.after = after
    }
}

public struct InvoiceSummary: Sendable, Equatable {
    public var id: String
    public var number: String
    public var supplier: StructureIdentifier
    public var recipient: StructureIdentifier
    public var recipientService: String
    public var status: InvoiceStatus
    public var date: CalendarDate
    public var depositedAt: Int64
    public var totalHT: Decimal
    public var totalTTC: Decimal
    public var amountDue: Decimal
    public var statusAt: Int64
    public var engagement: String

    public init(id: String, number: String, supplier: StructureIdentifier, recipient: StructureIdentifier, recipientService: String, status: InvoiceStatus,
                date: CalendarDate, depositedAt: Int64, totalHT: Decimal, totalTTC: Decimal, amountDue: Decimal, statusAt: Int64? = nil, engagement: String = "") {
        self.statusAt = statusAt ?? depositedAt
        self.engagement = engagement
        self.id = id
        self.number = number
        self.supplier = supplier
        self.recipient = recipient
        self.recipientService = recipientService
        self.status = status
        self.date = date
        self.depositedAt = depositedAt
        self.totalHT = totalHT
        self.totalTTC = totalTTC
        self.amountDue = amountDue
    }
}

/// A recipient structure whose received invoices a caller sees: all of
/// them, or those of some services (a restricted attachment or
/// habilitation); for the to-do list, only those in `statuses`.
public struct RecipientScope: Sendable, Equatable {
    public var structure: StructureIdentifier
    /// nil: every service.
    public var services: [String]?
    /// Empty: any status.
    public var statuses: [InvoiceStatus]

    public init(structure: StructureIdentifier, services: [String]? = nil, statuses: [InvoiceStatus] = []) {
        self.structure = structure
        self.services = services
        self.statuses = statuses
    }
}

public struct InvoicePage: Sendable, Equatable {
    public var invoices: [InvoiceSummary]
    /// Nil on the last page.
    public var next: Int64?

    public init(invoices: [InvoiceSummary], next: Int64?) {
        self.invoices = invoices
        self.next = next
    }
}
