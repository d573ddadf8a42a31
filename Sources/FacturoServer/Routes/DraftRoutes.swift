import FacturoDomain
import FacturoStore
import FacturoWire
import Foundation

/// Typing an invoice (saisie): drafts of a supplier with
/// `mandat_facturation`, written by holders of `factures_emises` in
/// modification on it, read in consultation, then sent through the one
/// submission path.
enum DraftRoutes {
    static let maximumLines = 10_000

    static func register(_ router: inout Router) {
        router.on(InvoiceCatalogue.draftCreate, create)
        router.on(InvoiceCatalogue.draftUpdate, update)
        router.on(InvoiceCatalogue.draftLineAdd, lineAdd)
        router.on(InvoiceCatalogue.draftLineUpdate, lineUpdate)
        router.on(InvoiceCatalogue.draftLineRemove, lineRemove)
        router.on(InvoiceCatalogue.draftShow, show)
        router.on(InvoiceCatalogue.draftList, list)
        router.on(InvoiceCatalogue.draftDelete, delete)
        router.on(InvoiceCatalogue.draftAttach, attach)
        router.on(InvoiceCatalogue.draftSend, placement: .sharedPool, send)
    }

    @Sendable static func create(_ create: Facturo_V1_DraftCreateRequest, _ context: RequestContext) async throws -> Facturo_V1_DraftResponse {
        let caller = try await context.caller()
        let supplier = try WireArguments.structure(create.supplier)
        try caller.require(.facturesEmises, .modification, on: supplier)
        try await requireMandate(supplier, context)
        let fields = create.header.fields
        try fields.checkGiven()
        let draft = try await context.store.createDraft(supplier: supplier, header: fields, by: caller.actor)
        return .with { $0.draft = info(draft) }
    }

    @Sendable static func update(_ update: Facturo_V1_DraftUpdateRequest, _ context: RequestContext) async throws -> Facturo_V1_DraftResponse {
        try await change(update.id, context) { draft in
            let merged = draft.header.merged(with: update.header.fields)
            try merged.checkGiven()
            draft.header = merged
        }
    }

    @Sendable static func lineAdd(_ add: Facturo_V1_DraftLineAddRequest, _ context: RequestContext) async throws -> Facturo_V1_DraftResponse {
        try await change(add.id, context) { draft in
            guard draft.lines.count < maximumLines else { throw WireError(.invalidArgument, "au plus \(maximumLines) lignes par facture") }
            draft.lines.append(try add.line.line(number: draft.lines.count + 1))
        }
    }

    @Sendable static func lineUpdate(_ update: Facturo_V1_DraftLineUpdateRequest, _ context: RequestContext) async throws -> Facturo_V1_DraftResponse {
        try await change(update.id, context) { draft in
            let index = try lineIndex(update.number, in: draft)
            draft.lines[index] = try update.line.line(number: index + 1)
        }
    }

    @Sendable static func lineRemove(_ remove: Facturo_V1_DraftLineRemoveRequest, _ context: RequestContext) async throws -> Facturo_V1_DraftResponse {
        try await change(remove.id, context) { draft in
            draft.lines.remove(at: try lineIndex(remove.number, in: draft))
        }
    }

    @Sendable static func show(_ show: Facturo_V1_DraftShowRequest, _ context: RequestContext) async throws -> Facturo_V1_DraftResponse {
        let caller = try await context.caller()
        let draft = try await visibleDraft(show.id, caller: caller, level: .consultation, context)
        return .with { $0.draft = info(draft) }
    }

    @Sendable static func list(_ list: Facturo_V1_DraftListRequest, _ context: RequestContext) async throws -> Facturo_V1_DraftListResponse {
        let caller = try await context.caller()
        let suppliers = try caller.readableSuppliers(named: list.supplier)
        let drafts = try await context.store.drafts(suppliers: suppliers)
        return .with { $0.drafts = drafts.map(info) }
    }

    @Sendable static func delete(_ delete: Facturo_V1_DraftDeleteRequest, _ context: RequestContext) async throws -> Facturo_V1_DraftDeleteResponse {
        let caller = try await context.caller()
        let draft = try await visibleDraft(delete.id, caller: caller, level: .modification, context)
        if draft.sentInvoice != nil { throw WireError(.conflict, "brouillon \(draft.temporaryNumber) déjà envoyé : la facture demeure") }
        guard try await context.store.deleteDraft(id: draft.id, by: caller.actor) else { throw unknown(delete.id) }
        return .init()
    }

    @Sendable static func attach(_ attach: Facturo_V1_DraftAttachRequest, _ context: RequestContext) async throws -> Facturo_V1_DraftResponse {
        let caller = try await context.caller()
        try AttachmentRules.checkName(attach.name)
        guard attach.uploadID.utf8.count <= 64 else { throw UploadRoutes.unknownUpload(String(attach.uploadID.prefix(64))) }
        guard let file = try await context.store.completedUpload(id: attach.uploadID, owner: caller.user.id) else {
            throw UploadRoutes.unknownUpload(attach.uploadID)
        }
        return try await change(attach.id, context, caller: caller) { draft in
            guard !draft.attachments.contains(where: { $0.name == attach.name }) else {
                throw WireError(.alreadyExists, "pièce jointe \(attach.name.quotedForMessage) déjà présente sur ce brouillon")
            }
            if attach.main { draft.attachments = draft.attachments.map { StoredAttachment(name: $0.name, file: $0.file, isMain: false) } }
            draft.attachments.append(StoredAttachment(name: attach.name, file: file, isMain: attach.main))
            try AttachmentRules.checkSizes(draft.attachments.map { ($0.name, $0.file.size) }, new: [(attach.name, file.size)])
        }
    }

    @Sendable static func send(_ send: Facturo_V1_DraftSendRequest, _ context: RequestContext) async throws -> Facturo_V1_SubmissionResponse {
        let caller = try await context.caller()
        let draft = try await visibleDraft(send.id, caller: caller, level: .modification, context)
        // Sending a sent draft again answers the invoice it became.
        if let sent = draft.sentInvoice, let invoice = try await context.store.invoice(id: sent) {
            return try await InvoiceSubmitter.response(.init(invoice: invoice, replayed: true), context)
        }
        try await requireMandate(draft.supplier, context)
        let supplier = try await context.store.structure(draft.supplier)
        var header = try draft.header.resolve(supplier: draft.supplier, depositDay: DepositClock.day(of: Date()), number: finalNumber(draft))
        if header.supplierService.isEmpty, let supplier, supplier.isPublic, supplier.service(Service.facturesPubliques) != nil {
            header.supplierService = Service.facturesPubliques
        }
        let document = InvoiceDocument.typed(
            header, lines: draft.lines, globalDiscount: try draft.header.resolvedDiscount(), discountReason: draft.header.discountReason ?? ""
        )
        let key = send.key.isEmpty ? "brouillon:\(draft.id)" : send.key
        if let first = try await InvoiceSubmitter.replay(supplier: draft.supplier, key: key, context) { return first }
        let accepted = try await InvoiceSubmitter.submit(document, attachments: draft.attachments, key: key, draftID: draft.id, caller: caller, context)
        return try await InvoiceSubmitter.response(accepted, context)
    }

    /// The number a typed invoice gets at sending when none was given:
    /// `FS` and the draft's ten digits, unique on the exchange.
    static func finalNumber(_ draft: StoredDraft) -> String {
        "FS" + draft.temporaryNumber.dropFirst(3)
    }

    // MARK: - Shared steps

    private static func change(
        _ id: String, _ context: RequestContext, caller known: Caller? = nil, _ edit: (inout StoredDraft) throws -> Void
    ) async throws -> Facturo_V1_DraftResponse {
        let caller = if let known { known } else { try await context.caller() }
        var draft = try await visibleDraft(id, caller: caller, level: .modification, context)
        if draft.sentInvoice != nil { throw WireError(.conflict, "brouillon \(draft.temporaryNumber) déjà envoyé : il ne change plus") }
        try edit(&draft)
        let saved = try await context.store.saveDraft(draft)
        return .with { $0.draft = info(saved) }
    }

    /// The draft if the caller may act on its supplier at `level`; a draft
    /// of a structure the caller is not attached to does not exist for them.
    static func visibleDraft(_ id: String, caller: Caller, level: AccessLevel, _ context: RequestContext) async throws -> StoredDraft {
        guard !id.isEmpty, id.utf8.count <= 64, let draft = try await context.store.draft(id: id) else { throw unknown(id) }
        do {
            try caller.require(.facturesEmises, level, on: draft.supplier)
        } catch where error.code == .notFound {
            throw unknown(id)
        }
        return draft
    }

    static func requireMandate(_ supplier: StructureIdentifier, _ context: RequestContext) async throws {
        guard let structure = try await context.store.structure(supplier) else { throw Caller.invisible(supplier) }
        guard structure.parameters.billingMandate else {
            throw WireError(DomainError(
                .billingMandateRequired,
                "\(supplier) (\(structure.name)) n'a pas de mandat de facturation : la saisie lui est fermée (déposez un fichier : invoice deposit)"
            ))
        }
    }

    private static func lineIndex(_ number: UInt32, in draft: StoredDraft) throws(WireError) -> Int {
        guard number >= 1, Int(number) <= draft.lines.count else {
            throw WireError(.notFound, "ligne \(number) absente du brouillon (\(draft.lines.count) ligne(s))")
        }
        return Int(number) - 1
    }

    static func unknown(_ id: String) -> WireError {
        WireError(.notFound, "brouillon \(id.quotedForMessage) inconnu ou hors de vos rattachements")
    }

    static func info(_ draft: StoredDraft) -> Facturo_V1_DraftInfo {
        let breakdown = InvoiceArithmetic.breakdown(of: draft.lines)
        let frame = (try? BillingFrame.parsing(draft.header.frame ?? "")) ?? .supplierInvoice
        let totals = InvoiceArithmetic.totals(
            breakdown: breakdown, lines: draft.lines, globalDiscount: (try? draft.header.resolvedDiscount()) ?? 0,
            discountReason: draft.header.discountReason ?? "", frame: frame
        )
        return .with {
            $0.id = draft.id
            $0.temporaryNumber = draft.temporaryNumber
            $0.header = InvoiceWire.header(draft.header, supplier: draft.supplier)
            $0.lines = InvoiceWire.lines(draft.lines)
            $0.vat = InvoiceWire.vat(breakdown)
            $0.totals = InvoiceWire.totals(totals)
            $0.attachments = InvoiceWire.attachments(draft.attachments)
            $0.updatedAt = draft.updatedAt
        }
    }
}
