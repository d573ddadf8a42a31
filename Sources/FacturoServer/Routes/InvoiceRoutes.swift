import FacturoDomain
import FacturoStore
import FacturoWire
import Foundation

/// Deposits and reads of invoices. A supplier's invoices are seen by
/// holders of `factures_emises` on it; the recipient's side by holders of
/// `factures_recues` on the recipient (and its service, where restricted).
/// For anyone else an invoice does not exist.
enum InvoiceRoutes {
    static let maximumSlice = 4 * 1024 * 1024

    static func register(_ router: inout Router) {
        router.on(InvoiceCatalogue.deposit, placement: .sharedPool, deposit)
        router.on(InvoiceCatalogue.submit, placement: .sharedPool, submit)
        router.on(InvoiceCatalogue.search, search)
        router.on(InvoiceCatalogue.show, show)
        router.on(InvoiceCatalogue.attachment, attachment)
    }

    @Sendable static func deposit(_ deposit: Facturo_V1_InvoiceDepositRequest, _ context: RequestContext) async throws -> Facturo_V1_SubmissionResponse {
        let caller = try await context.caller()
        let supplier = try WireArguments.structure(deposit.supplier)
        try caller.require(.facturesEmises, .modification, on: supplier)
        // A retry gets its first result even if its uploads expired since.
        return try await InvoiceSubmitter.answering(supplier: supplier, key: deposit.key, context) {
            guard deposit.hasMain else { throw WireError(.invalidArgument, "main : le fichier de la facture (PDF) est obligatoire") }
            guard deposit.main.name.lowercased().hasSuffix(".pdf") else {
                throw WireError(.invalidArgument, "main : \(deposit.main.name.quotedForMessage) : un dépôt porte une facture PDF ; un fichier UBL ou CII se dépose par InvoiceDepositStructured (402)")
            }
            let given = DepositedInvoiceFields(
                header: deposit.header.fields, totalHT: deposit.totalHt, totalVAT: deposit.totalVat, totalTTC: deposit.totalTtc, amountDue: deposit.amountDue
            )
            let document = try given.document(supplier: supplier, depositDay: DepositClock.day(of: Date()), channel: .depot)
            let attachments = try await UploadRoutes.attachments(main: deposit.main, others: deposit.attachments, caller: caller, context)
            let accepted = try await InvoiceSubmitter.submit(document, attachments: attachments, key: deposit.key, caller: caller, context)
            return try await InvoiceSubmitter.response(accepted, context)
        }
    }

    @Sendable static func submit(_ submit: Facturo_V1_InvoiceSubmitRequest, _ context: RequestContext) async throws -> Facturo_V1_SubmissionResponse {
        let caller = try await context.caller()
        let supplier = try WireArguments.structure(submit.supplier)
        try caller.require(.facturesEmises, .modification, on: supplier)
        return try await InvoiceSubmitter.answering(supplier: supplier, key: submit.key, context) {
            let document = try typedDocument(submit, supplier: supplier)
            let attachments = try await UploadRoutes.attachments(main: submit.hasMain ? submit.main : nil, others: submit.attachments, caller: caller, context)
            let accepted = try await InvoiceSubmitter.submit(document, attachments: attachments, key: submit.key, caller: caller, context)
            return try await InvoiceSubmitter.response(accepted, context)
        }
    }

    /// The typed invoice of an `InvoiceSubmit`, every wrong value at once.
    static func typedDocument(_ submit: Facturo_V1_InvoiceSubmitRequest, supplier: StructureIdentifier) throws -> InvoiceDocument {
        guard submit.lines.count <= DraftRoutes.maximumLines else { throw WireError(.invalidArgument, "au plus \(DraftRoutes.maximumLines) lignes par facture") }
        var violations: [DomainError.Violation] = []
        var header: InvoiceHeader?
        var discount: Decimal = 0
        do { header = try submit.header.fields.resolve(supplier: supplier, depositDay: DepositClock.day(of: Date())) } catch { violations += error.violations }
        do { discount = try submit.header.fields.resolvedDiscount() } catch { violations += error.violations }
        var lines: [InvoiceLine] = []
        for (index, fields) in submit.lines.enumerated() {
            do { lines.append(try fields.line(number: index + 1)) } catch { violations += error.violations }
        }
        if let error = DomainError(violations: violations) { throw error }
        return InvoiceDocument.typed(header!, lines: lines, globalDiscount: discount, discountReason: submit.header.discountReason, channel: .api)
    }

    @Sendable static func search(_ search: Facturo_V1_InvoiceSearchRequest, _ context: RequestContext) async throws -> Facturo_V1_InvoiceSearchResponse {
        let caller = try await context.caller()
        guard search.sent != search.received else {
            throw WireError(.invalidArgument, "sent / received : choisissez les factures émises (sent) ou reçues (received)")
        }
        var query: InvoiceQuery
        if search.received {
            let recipient = try search.recipient.isEmpty ? nil : WireArguments.structure(search.recipient)
            try WireArguments.bounded(search.service, TextLimit(field: "service", maximum: 100))
            let scopes = try caller.recipientScopes(named: recipient, service: search.service.isEmpty ? nil : search.service, level: .consultation)
            // Any supplier: the recipient's side filters by it, it grants nothing.
            let suppliers = try search.supplier.isEmpty ? [] : [WireArguments.structure(search.supplier)]
            query = InvoiceQuery(suppliers: suppliers, limit: search.limit == 0 ? 50 : Int(min(search.limit, 1000)))
            query.received = scopes
        } else {
            guard search.service.isEmpty else { throw WireError(.invalidArgument, "service : filtre des factures reçues (received)") }
            query = InvoiceQuery(suppliers: try caller.readableSuppliers(named: search.supplier), limit: search.limit == 0 ? 50 : Int(min(search.limit, 1000)))
        }
        do {
            try TextLimit(field: "number", maximum: InvoiceHeader.numberMaximum + 1).check(search.number)
            if !search.number.isEmpty { query.number = search.number }
            if !search.recipient.isEmpty, !search.received { query.recipient = try StructureIdentifier(parsing: search.recipient) }
            if !search.status.isEmpty { query.status = try InvoiceStatus.named(search.status) }
            if !search.from.isEmpty { query.from = try CalendarDate(search.from) }
            if !search.to.isEmpty { query.to = try CalendarDate(search.to) }
        } catch {
            throw WireError(error)
        }
        query.after = try cursor(search.after)
        let page = try await context.store.searchInvoices(query)
        return .with {
            $0.invoices = page.invoices.map(InvoiceWire.summary)
            $0.nextCursor = page.next.map(String.init) ?? ""
        }
    }

    @Sendable static func show(_ show: Facturo_V1_InvoiceShowRequest, _ context: RequestContext) async throws -> Facturo_V1_InvoiceShowResponse {
        let caller = try await context.caller()
        let invoice = try await visibleInvoice(show.id, caller: caller, context)
        let header = invoice.document.header
        let names = try await context.store.structures([header.supplier, header.recipient])
        return .with { $0.invoice = InvoiceWire.invoice(invoice, names: names) }
    }

    @Sendable static func attachment(_ request: Facturo_V1_InvoiceAttachmentRequest, _ context: RequestContext) async throws -> Facturo_V1_InvoiceAttachmentResponse {
        let caller = try await context.caller()
        let invoice = try await visibleInvoice(request.id, caller: caller, context)
        guard let attachment = invoice.attachments.first(where: { $0.name == request.name }) else {
            throw WireError(.notFound, "pièce jointe \(request.name.quotedForMessage) absente de la facture \(invoice.document.header.number)")
        }
        let length = request.length == 0 ? maximumSlice : min(Int(request.length), maximumSlice)
        guard request.offset <= UInt64(attachment.file.size) else {
            throw WireError(.invalidArgument, "offset : \(request.offset) au-delà de la taille du fichier (\(attachment.file.size) octets)")
        }
        guard let data = try await context.store.fileContent(digest: attachment.file.digest, offset: Int(request.offset), length: length) else {
            throw WireError(.internalError, "erreur interne du serveur", retryable: true)
        }
        return .with {
            $0.data = Data(data)
            $0.size = UInt64(attachment.file.size)
            $0.digest = attachment.file.digest
        }
    }

    /// A keyset cursor as the previous page gave it; nil for the first page.
    static func cursor(_ text: String) throws(WireError) -> Int64? {
        guard !text.isEmpty else { return nil }
        guard let after = Int64(text), after > 0 else { throw WireError(.invalidArgument, "after : curseur \(text.quotedForMessage) invalide") }
        return after
    }

    /// The invoice if the caller sees it from either side; NOT_FOUND
    /// alike for an unknown id and an invoice of others.
    static func visibleInvoice(_ id: String, caller: Caller, _ context: RequestContext) async throws -> StoredInvoice {
        let unknown = WireError(.notFound, "facture \(id.quotedForMessage) inconnue ou hors de vos rattachements")
        guard !id.isEmpty, id.utf8.count <= 64, let invoice = try await context.store.invoice(id: id) else { throw unknown }
        let header = invoice.document.header
        let supplierSide = caller.policy.decide(.facturesEmises, .consultation, on: header.supplier)
        let recipientSide = caller.policy.decide(.facturesRecues, .consultation, on: header.recipient, service: header.recipientService.isEmpty ? nil : header.recipientService)
        if supplierSide == .allowed || recipientSide == .allowed { return invoice }
        if supplierSide == .forbidden || recipientSide == .forbidden {
            throw WireError(.forbidden, "habilitation « factures émises » (fournisseur) ou « factures reçues » (destinataire) en consultation requise")
        }
        throw unknown
    }
}
