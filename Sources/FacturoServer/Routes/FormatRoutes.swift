import FacturoDomain
import FacturoFormats
import FacturoStore
import FacturoWire
import Foundation

/// Structured invoices (types 400–402): a UBL or CII file checked against
/// the EN 16931 rules, deposited, and any invoice exported as UBL, CII or
/// PDF. The reading and the rules are `FacturoFormats`'; these handlers
/// fetch the file, authorise, and answer.
enum FormatRoutes {
    static func register(_ router: inout Router) {
        router.on(InvoiceCatalogue.check, placement: .sharedPool, check)
        router.on(InvoiceCatalogue.export, placement: .sharedPool, export)
        router.on(InvoiceCatalogue.depositStructured, placement: .sharedPool, depositStructured)
    }

    // MARK: Check (400)

    @Sendable static func check(_ request: Facturo_V1_InvoiceCheckRequest, _ context: RequestContext) async throws -> Facturo_V1_InvoiceCheckResponse {
        let caller = try await context.caller()
        let severity = try Self.severity(request.severity)
        let read = try await readUpload(request.uploadID, caller: caller, context)
        let options = RuleOptions(lenientVATRounding: request.lenientVatRounding || context.runtime.lenientVATRounding)
        let report = EN16931Rules.check(read.invoice, options: options, severity: severity, limit: EN16931Rules.reportedMaximum)
        return .with {
            $0.syntax = read.syntax.rawValue
            $0.number = read.invoice.number
            $0.findings = report.findings.map { wire($0, read) }
            $0.findingsTotal = UInt32(clamping: report.total)
        }
    }

    static func wire(_ finding: Finding, _ read: StructuredInvoiceReader.Result) -> Facturo_V1_RuleFinding {
        .with {
            $0.rule = finding.rule
            $0.severity = finding.severity.rawValue
            $0.terms = finding.terms
            $0.path = finding.path(in: read.syntax, creditNote: read.invoice.isCreditNote)
            $0.message = finding.message(in: read.syntax)
        }
    }

    static func severity(_ text: String) throws(WireError) -> Finding.Severity? {
        guard !text.isEmpty else { return nil }
        guard let severity = Finding.Severity(rawValue: text) else {
            throw WireError(.invalidArgument, "severity : \(text.quotedForMessage) inconnue (fatal ou warning)")
        }
        return severity
    }

    /// The caller's finished upload, read as UBL or CII.
    static func readUpload(_ id: String, caller: Caller, _ context: RequestContext) async throws -> StructuredInvoiceReader.Result {
        guard !id.isEmpty, id.utf8.count <= 64, let file = try await context.store.completedUpload(id: id, owner: caller.user.id) else {
            throw UploadRoutes.unknownUpload(id)
        }
        return try await read(file, context)
    }

    static func read(_ file: StoredFile, _ context: RequestContext) async throws -> StructuredInvoiceReader.Result {
        guard file.size <= XMLLimits.standard.maximumFileBytes else {
            throw WireError(DomainError(.attachmentTooLarge, "fichier de \(file.size) octets : \(XMLLimits.standard.maximumFileBytes) au plus"))
        }
        guard let bytes = try await context.store.fileContent(digest: file.digest, offset: 0, length: file.size) else {
            throw WireError(.internalError, "erreur interne du serveur", retryable: true)
        }
        do { return try StructuredInvoiceReader.read(Data(bytes)) } catch { throw WireError(error) }
    }

    // MARK: Deposit (402)

    @Sendable static func depositStructured(_ request: Facturo_V1_InvoiceDepositStructuredRequest, _ context: RequestContext) async throws -> Facturo_V1_SubmissionResponse {
        let caller = try await context.caller()
        guard request.hasFile else { throw WireError(.invalidArgument, "file : le fichier UBL ou CII est obligatoire") }
        guard request.file.name.lowercased().hasSuffix(".xml") else {
            throw WireError(.invalidArgument, "file : \(request.file.name.quotedForMessage) : un dépôt structuré porte un fichier .xml (UBL ou CII)")
        }
        let named = try request.supplier.isEmpty ? nil : WireArguments.structure(request.supplier)
        if let named {
            try caller.require(.facturesEmises, .modification, on: named)
            // A retry gets its first result even if its uploads expired since.
            return try await InvoiceSubmitter.answering(supplier: named, key: request.key, context) {
                let read = try await readUpload(request.file.uploadID, caller: caller, context)
                return try await deposit(read, supplier: try fileSupplier(read, named: named), request, caller: caller, context)
            }
        }
        let read = try await readUpload(request.file.uploadID, caller: caller, context)
        let supplier = try fileSupplier(read, named: nil)
        try caller.require(.facturesEmises, .modification, on: supplier)
        return try await InvoiceSubmitter.answering(supplier: supplier, key: request.key, context) {
            try await deposit(read, supplier: supplier, request, caller: caller, context)
        }
    }

    /// The supplier the file is deposited for (`StructuredDeposit.supplier`).
    static func fileSupplier(_ read: StructuredInvoiceReader.Result, named: StructureIdentifier?) throws(WireError) -> StructureIdentifier {
        do { return try StructuredDeposit(read.invoice).supplier(named: named) } catch {
            throw WireError(DomainError(error.code, "supplier : \(error.message)"))
        }
    }

    /// The file's fatal findings refuse it (the first 1 000); else it is
    /// deposited like any file, with the amounts it states.
    static func deposit(
        _ read: StructuredInvoiceReader.Result, supplier: StructureIdentifier, _ request: Facturo_V1_InvoiceDepositStructuredRequest, caller: Caller, _ context: RequestContext
    ) async throws -> Facturo_V1_SubmissionResponse {
        let options = RuleOptions(lenientVATRounding: request.lenientVatRounding || context.runtime.lenientVATRounding)
        let fatal = EN16931Rules.check(read.invoice, options: options, severity: .fatal, limit: EN16931Rules.reportedMaximum)
        if let error = Finding.refusal(fatal.findings, total: fatal.total, syntax: read.syntax, creditNote: read.invoice.isCreditNote) {
            throw WireError(error)
        }
        let document: InvoiceDocument
        do {
            document = try StructuredDeposit(read.invoice).fields.document(supplier: supplier, depositDay: DepositClock.day(of: Date()), channel: .depot)
        } catch {
            throw WireError(error)
        }
        let uploaded = try await UploadRoutes.attachments(main: request.file, others: request.attachments, caller: caller, context)
        let embedded = try Self.embedded(read.invoice.documents, after: uploaded)
        // The embedded files are stored with the invoice, in its transaction.
        let accepted = try await InvoiceSubmitter.submit(
            document, attachments: uploaded + embedded.attachments, contents: embedded.contents, key: request.key, caller: caller, context
        )
        return try await InvoiceSubmitter.response(accepted, context)
    }

    /// The file's embedded documents (BT-125) as attachments, named by their
    /// file name when it is a valid and new one, with their contents for
    /// the submission to store (`InvoiceSubmission.contents`).
    static func embedded(
        _ documents: [StructuredInvoice.SupportingDocument], after existing: [StoredAttachment]
    ) throws(DomainError) -> (attachments: [StoredAttachment], contents: [String: [UInt8]]) {
        // Counted before anything is stored: a 10 MiB file could embed
        // tens of thousands of tiny documents.
        let count = documents.filter { !($0.attachment?.isEmpty ?? true) }.count
        guard existing.count + count <= AttachmentRules.filesMaximum else {
            throw DomainError(.attachmentsTooLarge, "pièces jointes : \(existing.count + count) avec les documents intégrés (BT-125), \(AttachmentRules.filesMaximum) au plus par facture")
        }
        var result: [StoredAttachment] = []
        var contents: [String: [UInt8]] = [:]
        var names = Set(existing.map(\.name))
        for (index, document) in documents.enumerated() {
            // An empty binary object is no file (an element without text is absent).
            guard let data = document.attachment, !data.isEmpty else { continue }
            var name = document.filename
            if (try? AttachmentRules.checkName(name)) == nil || names.contains(name) {
                name = "document-\(index + 1).\(fileExtension(mime: document.mimeCode))"
            }
            names.insert(name)
            let bytes = Array(data)
            let file = StoredFile(of: bytes)
            contents[file.digest] = bytes
            result.append(StoredAttachment(name: name, file: file, isMain: false))
        }
        return (result, contents)
    }

    /// BT-125's MIME codes (EN 16931's list) as allowed extensions.
    static func fileExtension(mime: String) -> String {
        switch mime {
        case "image/png": "png"
        case "image/jpeg": "jpg"
        case "text/csv": "csv"
        case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx"
        case "application/vnd.oasis.opendocument.spreadsheet": "ods"
        default: "pdf"
        }
    }

    // MARK: Export (401)

    enum ExportFormat: String, CaseIterable {
        case ubl, cii, pdf
    }

    @Sendable static func export(_ request: Facturo_V1_InvoiceExportRequest, _ context: RequestContext) async throws -> Facturo_V1_InvoiceExportResponse {
        let caller = try await context.caller()
        guard let format = ExportFormat(rawValue: request.format) else {
            throw WireError(.invalidArgument, "format : \(request.format.quotedForMessage) inconnu (ubl, cii ou pdf)")
        }
        let invoice = try await InvoiceRoutes.visibleInvoice(request.id, caller: caller, context)
        let key = ExportCache.Key(invoice: invoice.id, format: format.rawValue, version: invoice.historyCount)
        let export: ExportCache.Export
        if let cached = context.runtime.exports.export(for: key) {
            export = cached
        } else {
            let structured = try await structuredInvoice(invoice, context)
            switch format {
            case .ubl: export = ExportCache.Export(UBLWriter.write(structured))
            case .cii: export = ExportCache.Export(CIIWriter.write(structured))
            case .pdf:
                do { export = ExportCache.Export(try InvoicePDF.render(structured, certificate: invoice.certificate)) } catch { throw WireError(error) }
            }
            context.runtime.exports.store(export, for: key)
        }
        let bytes = export.data
        guard request.offset <= UInt64(bytes.count) else {
            throw WireError(.invalidArgument, "offset : \(request.offset) au-delà de la taille de l'export (\(bytes.count) octets)")
        }
        let length = request.length == 0 ? InvoiceRoutes.maximumSlice : min(Int(request.length), InvoiceRoutes.maximumSlice)
        let start = Int(request.offset)
        let number = invoice.document.header.number.replacingOccurrences(of: "/", with: "-")
        return .with {
            $0.name = format == .pdf ? "\(number).pdf" : "\(number).\(format.rawValue).xml"
            $0.mediaType = format == .pdf ? "application/pdf" : "application/xml"
            $0.data = bytes.subdata(in: start..<min(bytes.count, start + length))
            $0.size = UInt64(bytes.count)
            $0.digest = export.digest
        }
    }

    /// An invoice deposited as UBL or CII is its file, when that file states
    /// the invoice as the exchange holds it now (`StructuredDeposit.states`:
    /// a PDF deposit may carry any XML as its main file, never trusted for
    /// this, and a recycling changes the routing); any other is made from
    /// its header, lines and amounts with the directory's names. A store
    /// fault is an error, never a fallback.
    static func structuredInvoice(_ invoice: StoredInvoice, _ context: RequestContext) async throws -> StructuredInvoice {
        if let main = invoice.attachments.first(where: { $0.isMain && $0.name.lowercased().hasSuffix(".xml") }) {
            var read: StructuredInvoiceReader.Result?
            do { read = try await Self.read(main.file, context) } catch let error as WireError where !error.retryable { read = nil }
            if let read, StructuredDeposit(read.invoice).states(invoice.document) { return read.invoice }
        }
        let header = invoice.document.header
        let structures = try await context.store.structures([header.supplier, header.recipient])
        func party(_ identifier: StructureIdentifier) -> StructuredExport.Party {
            let structure = structures[identifier]
            return .init(name: structure?.name ?? identifier.description, identifier: identifier, address: structure?.address)
        }
        return StructuredExport.invoice(invoice.document, supplier: party(header.supplier), recipient: party(header.recipient), depositNumber: invoice.certificate)
    }
}
