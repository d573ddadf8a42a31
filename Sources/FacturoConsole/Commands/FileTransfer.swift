import Crypto
import FacturoClient
import FacturoDomain
import FacturoWire
import Foundation

/// Files to and from the server in chunks (`FileUpload`, `InvoiceAttachment`),
/// with progress on standard error.
enum FileTransfer {
    static let chunkSize = 1024 * 1024
    /// The server's limit per file, checked here first so that a 2 GiB file
    /// is refused before its first byte travels.
    static let maximumFile = 10 * 1024 * 1024
    /// A flow's zip (`purpose` flow) may be much larger.
    static let maximumFlow = 1 << 30

    struct Uploaded {
        var id: String
        var name: String
        var size: UInt64
        var digest: String
    }

    /// Sends the file at `path`; its name (last path component) is what the
    /// invoice will call it unless `name` says otherwise.
    static func upload(_ path: String, name: String? = nil, flow: Bool = false, _ connection: FacturoConnection) async throws -> Uploaded {
        let url = URL(fileURLWithPath: path)
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
            throw ConsoleError.usage("fichier illisible : \(path)")
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if flow, size > maximumFlow {
            throw ConsoleError(.commandFailed, "FLOW_TOO_LARGE: \(path) : \(size) octets, 1 Gio (\(maximumFlow) octets) au plus par flux", code: ErrorCode(rawValue: DomainError.Code.flowTooLarge.rawValue))
        }
        guard flow || size <= maximumFile else {
            throw ConsoleError(.commandFailed, "ATTACHMENT_TOO_LARGE: \(path) : \(size) octets, 10 Mio (\(maximumFile) octets) au plus par fichier", code: ErrorCode(rawValue: DomainError.Code.attachmentTooLarge.rawValue))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ConsoleError.usage("fichier illisible : \(path)") }
        defer { try? handle.close() }
        let progress = ProgressReporter(label: "envoi \(url.lastPathComponent)", total: max(1, (size + chunkSize - 1) / chunkSize), style: ProgressReporter.defaultStyle(), write: {
            FileHandle.standardError.write(Data($0.utf8))
        })
        var uploadID = ""
        var sent = 0
        var answer = Facturo_V1_FileUploadResponse()
        var hash = SHA256()
        repeat {
            let data = (try? handle.read(upToCount: chunkSize)) ?? Data()
            hash.update(data: data)
            sent += data.count
            answer = try await connection.call(InvoiceCatalogue.fileUpload, .with {
                $0.uploadID = uploadID
                $0.first = uploadID.isEmpty
                if flow { $0.purpose = "flow" }
                $0.last = sent >= size || data.count < chunkSize
                $0.data = data
            })
            uploadID = answer.uploadID
            if size > chunkSize { progress.advance() }
        } while answer.digest.isEmpty
        if size > chunkSize { progress.finish() }
        // The server's digest must be the file's: a chunk lost or sent
        // twice on the way would otherwise be certified as the invoice.
        let local = Data(hash.finalize()).base64EncodedString()
        guard local == answer.digest else {
            throw ConsoleError(.commandFailed, "\(path) : le fichier reçu par le serveur diffère (SHA-256 \(answer.digest), local \(local)) ; recommencez l'envoi")
        }
        return Uploaded(id: uploadID, name: name ?? url.lastPathComponent, size: answer.size, digest: answer.digest)
    }

    /// Writes an invoice's attachment to `path`, slice by slice, once its
    /// digest holds; returns its size and digest.
    static func download(invoice: String, name: String, to path: String, _ connection: FacturoConnection) async throws -> (size: UInt64, digest: String) {
        let file = try DownloadFile(path)
        var offset: UInt64 = 0
        var answer: Facturo_V1_InvoiceAttachmentResponse
        repeat {
            answer = try await connection.call(InvoiceCatalogue.attachment, .with {
                $0.id = invoice
                $0.name = name
                $0.offset = offset
                $0.length = UInt32(chunkSize * 4)
            })
            try file.append(answer.data)
            offset += UInt64(answer.data.count)
        } while offset < answer.size && !answer.data.isEmpty
        try file.place(digest: answer.digest)
        return (answer.size, answer.digest)
    }
}
