import FacturoDomain
import FacturoStore
import FacturoWire
import Foundation

/// Files in chunks (type 110), staged in the store, not in server memory:
/// an upload survives a restart and any server sharing the database can
/// take the next chunk. An upload belongs to the account that started it.
enum UploadRoutes {
    /// Bytes per chunk: a frame carries one with room to spare.
    static let maximumChunk = 4 * 1024 * 1024

    static func register(_ router: inout Router) {
        router.on(InvoiceCatalogue.fileUpload, chunk)
    }

    @Sendable static func chunk(_ chunk: Facturo_V1_FileUploadRequest, _ context: RequestContext) async throws -> Facturo_V1_FileUploadResponse {
        let caller = try await context.caller()
        guard chunk.data.count <= maximumChunk else {
            throw WireError(.invalidArgument, "data : \(maximumChunk) octets au plus par morceau (\(chunk.data.count) reçus)")
        }
        let id: String
        if chunk.first {
            guard chunk.uploadID.isEmpty else { throw WireError(.invalidArgument, "upload_id : vide au premier morceau (le serveur le donne)") }
            id = UUID().uuidString.lowercased()
        } else {
            guard !chunk.uploadID.isEmpty else { throw WireError(.invalidArgument, "upload_id manquant (ou first pour commencer un envoi)") }
            id = chunk.uploadID
        }
        // The purpose is the first chunk's; later chunks may repeat it or
        // leave it empty.
        let purpose = try Self.purpose(chunk.purpose)
        let state: UploadState
        do {
            state = try await context.store.appendUpload(
                id: id, owner: caller.user.id, purpose: purpose, first: chunk.first, last: chunk.last, data: Array(chunk.data)
            )
        } catch StoreError.notFound {
            throw unknownUpload(id)
        }
        return .with {
            $0.uploadID = state.id
            $0.size = UInt64(state.size)
            $0.digest = state.digest ?? ""
        }
    }

    static func purpose(_ text: String) throws(WireError) -> UploadPurpose? {
        guard !text.isEmpty else { return nil }
        do { return try UploadPurpose.named(text) } catch { throw WireError(error) }
    }

    static func unknownUpload(_ id: String) -> WireError {
        WireError(.notFound, "envoi de fichier \(id.quotedForMessage) inconnu, expiré (24 h) ou inachevé ; recommencez-le")
    }

    /// The completed uploads named by a request, as attachments: names
    /// checked, each upload the caller's own and finished, names distinct.
    static func attachments(main: Facturo_V1_AttachmentUpload?, others: [Facturo_V1_AttachmentUpload], caller: Caller, _ context: RequestContext) async throws -> [StoredAttachment] {
        var attachments: [StoredAttachment] = []
        var violations: [DomainError.Violation] = []
        let named = (main.map { [($0, true)] } ?? []) + others.map { ($0, false) }
        guard named.count <= AttachmentRules.filesMaximum else {
            throw WireError(DomainError(.attachmentsTooLarge, "pièces jointes : \(named.count), \(AttachmentRules.filesMaximum) au plus par facture"))
        }
        for (upload, isMain) in named {
            do { try AttachmentRules.checkName(upload.name, field: isMain ? "main.name" : "attachments.name") } catch {
                violations += error.violations
                continue
            }
            guard !attachments.contains(where: { $0.name == upload.name }) else {
                violations.append(.init(.invalidAttachmentName, "\(upload.name.quotedForMessage) : deux pièces jointes de même nom", field: "attachments.name"))
                continue
            }
            guard upload.uploadID.utf8.count <= 64, let file = try await context.store.completedUpload(id: upload.uploadID, owner: caller.user.id) else {
                throw unknownUpload(upload.uploadID)
            }
            attachments.append(StoredAttachment(name: upload.name, file: file, isMain: isMain))
        }
        if let error = DomainError(violations: violations) { throw error }
        return attachments
    }
}
