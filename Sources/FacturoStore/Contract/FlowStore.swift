import FacturoDomain
import Foundation

/// Flows: a supplier's zip of invoices, received at once and integrated in
/// the background. The flow keeps its file until it ends (its invoices keep
/// their PDFs; the zip's size and digest stay); each row's outcome is recorded
/// as it is decided, so that an integration stopped by a restart resumes
/// where it was.
public protocol FlowStore: Sendable {
    /// Makes the completed flow upload `uploadID` of `owner` a flow of
    /// `supplier`, status `RECU`, with its audit line `flow.receive`. The
    /// same key from the same supplier answers the first flow (`replayed`).
    /// `StoreError.notFound` when the upload is not a completed flow
    /// upload of `owner`.
    func receiveFlow(_ flow: NewFlow, by actor: AuditActor) async throws -> (flow: StoredFlow, replayed: Bool)
    func flow(id: String) async throws -> StoredFlow?
    /// The flow a supplier's key created, if any.
    func flow(supplier: StructureIdentifier, key: String) async throws -> StoredFlow?
    /// The suppliers' flows, newest first, `limit` at most, below `before`
    /// (an internal sequence number, the page cursor).
    func flows(suppliers: [StructureIdentifier], limit: Int, before: Int64?) async throws -> (flows: [StoredFlow], next: Int64?)
    /// Flows not finished (`RECU`, `EN_COURS`), oldest first.
    func unfinishedFlows() async throws -> [StoredFlow]
    /// Writes the flow's file to `url` chunk by chunk (never whole in memory).
    func exportFlowContent(id: String, to url: URL) async throws
    func setFlowStatus(id: String, _ status: FlowStatus) async throws
    /// Records (or replaces) the outcome of one row.
    func recordFlowRow(id: String, _ row: FlowRowOutcome) async throws
    /// The rows decided so far, by line.
    func flowRows(id: String) async throws -> [FlowRowOutcome]
    /// Ends the flow: its counts from its rows, `status`, and for a flow
    /// rejected as a whole its `code` and `message`; audit `flow.integrate`;
    /// the zip's chunks dropped.
    func finishFlow(id: String, _ status: FlowStatus, code: String, message: String) async throws -> StoredFlow
    /// Keeps `bytes` by digest, outside any invoice. Submissions no longer
    /// use it (their new files travel in `InvoiceSubmission.contents`, stored
    /// in their transaction); kept for tests and tools.
    func storeFile(_ bytes: [UInt8]) async throws -> StoredFile
}

public struct NewFlow: Sendable, Equatable {
    public var id: String
    public var uploadID: String
    public var owner: UserID
    public var supplier: StructureIdentifier
    public var name: String
    public var key: String

    public init(id: String, uploadID: String, owner: UserID, supplier: StructureIdentifier, name: String, key: String) {
        self.id = id
        self.uploadID = uploadID
        self.owner = owner
        self.supplier = supplier
        self.name = name
        self.key = key
    }
}

public struct StoredFlow: Sendable, Equatable {
    public var id: String
    public var supplier: StructureIdentifier
    /// The account that sent it: told by `flow-integrated`, and the actor
    /// of its invoices.
    public var owner: UserID
    public var actor: AuditActor
    public var name: String
    public var size: Int
    public var digest: String
    public var key: String
    public var status: FlowStatus
    public var receivedAt: Int64
    public var finishedAt: Int64?
    public var integrated: Int
    public var rejected: Int
    /// Why a flow was rejected as a whole (empty otherwise).
    public var code: String
    public var message: String

    public init(
        id: String, supplier: StructureIdentifier, owner: UserID, actor: AuditActor, name: String, size: Int, digest: String, key: String,
        status: FlowStatus, receivedAt: Int64, finishedAt: Int64?, integrated: Int, rejected: Int, code: String, message: String
    ) {
        self.id = id
        self.supplier = supplier
        self.owner = owner
        self.actor = actor
        self.name = name
        self.size = size
        self.digest = digest
        self.key = key
        self.status = status
        self.receivedAt = receivedAt
        self.finishedAt = finishedAt
        self.integrated = integrated
        self.rejected = rejected
        self.code = code
        self.message = message
    }
}

public struct FlowRowOutcome: Sendable, Equatable {
    /// The row's line in `factures.csv`.
    public var line: Int
    public var number: String
    public var status: FlowRowStatus
    public var code: String
    public var message: String
    public var invoiceID: String?

    public init(line: Int, number: String, status: FlowRowStatus, code: String = "", message: String = "", invoiceID: String? = nil) {
        self.line = line
        self.number = number
        self.status = status
        self.code = code
        self.message = message
        self.invoiceID = invoiceID
    }
}

/// What an upload is for: its size limit, and where its file goes.
public enum UploadPurpose: String, Sendable, CaseIterable, ClosedVocabulary {
    /// Kept by digest with the other files, 10 MiB at most.
    case attachment
    /// A flow's zip, 1 GiB at most, kept as its chunks.
    case flow
    public static let unknownWord = "usage d'envoi inconnu"

    public var maximumSize: Int {
        switch self {
        case .attachment: AttachmentRules.fileMaximum
        case .flow: FlowManifest.maximumFlowSize
        }
    }

    /// The refusal of a file grown beyond `maximumSize`.
    var tooLarge: DomainError {
        switch self {
        case .attachment:
            DomainError(violations: [.init(.attachmentTooLarge, "fichier : plus de \(maximumSize) octets (10 Mio au plus par fichier) ; envoi abandonné", field: "data")])!
        case .flow:
            DomainError(violations: [.init(.flowTooLarge, "flux : plus de \(maximumSize) octets (1 Gio au plus) ; envoi abandonné", field: "data")])!
        }
    }
}
