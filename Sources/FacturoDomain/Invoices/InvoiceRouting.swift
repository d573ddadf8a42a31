/// Whether an invoice can reach its recipient, decided from the directory
/// as it is at deposit: the recipient exists, is active and public, its
/// parameters' required values are there, the service exists and is open
/// that day, `FACTURES_PUBLIQUES` only from public suppliers, and the
/// engagement, where the recipient checks them, is one of its own for this
/// supplier. Every failure is reported at once, as `ROUTING_*` violations.
public struct InvoiceRouting: Sendable {
    public var supplier: Structure
    /// Nil when the directory has no such structure.
    public var recipient: Structure?
    /// The engagement named by the invoice, as the recipient holds it (nil
    /// when it holds none of that number).
    public var engagement: Engagement?

    public init(supplier: Structure, recipient: Structure?, engagement: Engagement?) {
        self.supplier = supplier
        self.recipient = recipient
        self.engagement = engagement
    }

    public func violations(of header: InvoiceHeader, on depositDate: CalendarDate) -> [DomainError.Violation] {
        guard let recipient else {
            return [.init(.routingRecipientUnknown, "recipient : destinataire \(header.recipient) absent de l'annuaire", rule: "BR-07", field: "recipient")]
        }
        var found: [DomainError.Violation] = []
        if !recipient.isActive {
            found.append(.init(.routingRecipientInactive, "recipient : le destinataire \(recipient.identifier) (\(recipient.name)) est inactif", field: "recipient"))
        }
        if !recipient.isPublic {
            found.append(.init(
                .routingRecipientNotPublic, "recipient : \(recipient.identifier) (\(recipient.name)) n'est pas une structure publique : elle ne reçoit pas de factures",
                field: "recipient"
            ))
        }
        let serviceCode = header.recipientService
        for missing in recipient.parameters.missing(serviceCode: serviceCode, engagementNumber: header.engagement, structure: recipient.identifier) {
            let code: DomainError.Code = missing == .engagement ? .routingEngagementRequired : .routingServiceRequired
            found.append(.init(
                code, "\(missing == .engagement ? "engagement" : "recipient_service") : \(missing.label) exigé par \(recipient.identifier) (\(recipient.name))",
                field: missing == .engagement ? "engagement" : "recipient_service"
            ))
        }
        if !serviceCode.isEmpty {
            service(serviceCode, of: recipient, header: header, on: depositDate, into: &found)
        }
        if recipient.parameters.checkEngagements {
            engagementChecks(header, recipient: recipient, on: depositDate, into: &found)
        }
        if !header.supplierService.isEmpty, supplier.service(header.supplierService) == nil {
            found.append(.init(
                .routingServiceUnknown, "supplier_service : le fournisseur \(supplier.identifier) n'a pas de service \(header.supplierService.quotedForMessage)",
                field: "supplier_service"
            ))
        }
        return found
    }

    private func service(_ code: String, of recipient: Structure, header: InvoiceHeader, on date: CalendarDate, into found: inout [DomainError.Violation]) {
        guard let service = recipient.service(code) else {
            found.append(.init(
                .routingServiceUnknown, "recipient_service : le service \(code.quotedForMessage) n'existe pas chez \(recipient.identifier) (\(recipient.name))",
                field: "recipient_service"
            ))
            return
        }
        let open = service.isActive && (service.validFrom.map { $0 <= date } ?? true) && (service.validUntil.map { date <= $0 } ?? true)
        if !open {
            found.append(.init(
                .routingServiceInactive, "recipient_service : le service \(code) de \(recipient.identifier) est inactif ou hors de sa période de validité le \(date)",
                field: "recipient_service"
            ))
        }
        if service.engagementRequired, header.engagement.isEmpty {
            found.append(.init(.routingEngagementRequired, "engagement : numéro d'engagement exigé par le service \(code) de \(recipient.identifier)", field: "engagement"))
        }
        if code == Service.facturesPubliques, !supplier.isPublic {
            found.append(.init(
                .routingFacturesPubliquesReserved,
                "recipient_service : le service \(Service.facturesPubliques) reçoit les factures entre entités publiques ; \(supplier.identifier) est une structure privée",
                field: "recipient_service"
            ))
        }
    }

    private func engagementChecks(_ header: InvoiceHeader, recipient: Structure, on date: CalendarDate, into found: inout [DomainError.Violation]) {
        if header.engagement.isEmpty {
            // Already reported when the parameters require it.
            if !found.contains(where: { $0.code == .routingEngagementRequired }) {
                found.append(.init(
                    .routingEngagementRequired, "engagement : \(recipient.identifier) contrôle les engagements : numéro d'engagement obligatoire", field: "engagement"
                ))
            }
            return
        }
        guard let engagement, engagement.isValid(on: date) else {
            found.append(.init(
                .routingEngagementUnknown, "engagement : EJ incorrect ou inexistant (\(header.engagement.quotedForMessage) chez \(recipient.identifier))",
                field: "engagement"
            ))
            return
        }
        if engagement.supplier != header.supplier {
            found.append(.init(
                .routingEngagementSupplier, "engagement : Créancier inconnu ou différent de celui de l'EJ (\(engagement.number))", field: "engagement"
            ))
        }
    }
}

/// Attachments: a main one (the invoice PDF) and complementary ones, with
/// the reference's limits on names and sizes.
public enum AttachmentRules {
    public static let nameMaximum = 50
    public static let fileMaximum = 10 * 1024 * 1024
    public static let invoiceMaximum = 120 * 1024 * 1024
    /// The reference's allow-list of extensions (lower case).
    public static let extensions: Set<String> = [
        "pdf", "xml", "csv", "txt", "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "zip", "odt", "ods", "odp",
        "doc", "docx", "xls", "xlsx", "ppt", "pptx", "rtf", "htm", "html", "xhtml", "msg", "eml",
    ]

    /// `INVALID_ATTACHMENT_NAME` unless `name` is 1…50 characters, without
    /// path or control characters, with an allowed extension.
    public static func checkName(_ name: String, field: String = "name") throws(DomainError) {
        let dot = name.lastIndex(of: ".")
        let ext = dot.map { name[name.index(after: $0)...].lowercased() } ?? ""
        let clean = !name.contains { $0 == "/" || $0 == "\\" || $0.isNewline || $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }
        guard !name.isEmpty, name.count <= nameMaximum, clean, dot != name.startIndex, extensions.contains(ext) else {
            throw DomainError(violations: [.init(
                .invalidAttachmentName,
                "\(field) : \(name.quotedForMessage) n'est pas un nom de pièce jointe (1 à \(nameMaximum) caractères, sans /, extension parmi \(extensions.sorted().joined(separator: ", ")))",
                field: field
            )])!
        }
    }

    /// Files per invoice at most.
    public static let filesMaximum = 100

    /// `ATTACHMENT_TOO_LARGE` for a file over 10 MiB, `ATTACHMENTS_TOO_LARGE`
    /// when the invoice's files would be over 100 or pass 120 MiB; with
    /// `new` the files being added, `EMPTY_ATTACHMENT` for one of 0 bytes
    /// among them (files kept before the rule stay as they are).
    public static func checkSizes(_ sizes: [(name: String, bytes: Int)], new: [(name: String, bytes: Int)] = []) throws(DomainError) {
        var violations: [DomainError.Violation] = []
        for file in new where file.bytes == 0 {
            violations.append(.init(.emptyAttachment, "\(file.name.quotedForMessage) : fichier vide (0 octet)", field: "attachments"))
        }
        if sizes.count > filesMaximum {
            violations.append(.init(.attachmentsTooLarge, "pièces jointes : \(sizes.count), \(filesMaximum) au plus par facture", field: "attachments"))
        }
        for file in sizes where file.bytes > fileMaximum {
            violations.append(.init(.attachmentTooLarge, "\(file.name.quotedForMessage) : \(file.bytes) octets, 10 Mio (\(fileMaximum) octets) au plus par fichier", field: "attachments"))
        }
        let total = sizes.reduce(0) { $0 + $1.bytes }
        if total > invoiceMaximum {
            violations.append(.init(.attachmentsTooLarge, "pièces jointes : \(total) octets en tout, 120 Mio (\(invoiceMaximum) octets) au plus par facture", field: "attachments"))
        }
        if let error = DomainError(violations: violations) { throw error }
    }
}
