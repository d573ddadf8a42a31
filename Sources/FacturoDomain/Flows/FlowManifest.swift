/// The `factures.csv` of a flow: one row per invoice, each naming its PDF
/// in the archive. Parsing checks the header (every required column, no
/// unknown one) and the count; a row's own values are checked when it is
/// submitted, so that one bad row never stops the others.
public struct FlowManifest: Sendable, Equatable {
    public static let fileName = "factures.csv"
    /// Bytes of a flow's zip at most.
    public static let maximumFlowSize = 1 << 30
    /// Invoices per flow at most.
    public static let maximumInvoices = 500
    /// Bytes of `factures.csv` at most (500 rows need far less).
    public static let maximumManifestSize = 4 * 1024 * 1024

    public static let requiredColumns = ["numero", "date", "destinataire", "service", "total_ht", "total_tva", "type_tva", "fichier"]
    /// Optional columns and the header field each one fills.
    static var optionalHeaderColumns: [(String, WritableKeyPath<InvoiceHeaderFields, String?>)] {[
        ("devise", \.currency), ("type", \.type), ("mode_paiement", \.paymentMode), ("cadre", \.frame),
        ("service_fournisseur", \.supplierService), ("compte_bancaire", \.bankAccount), ("engagement", \.engagement),
        ("marche", \.contract), ("facture_origine", \.originalInvoice), ("motif_exoneration", \.exemptionReason),
        ("commentaire", \.comment),
    ]}
    public static let optionalColumns = ["total_ttc", "net_a_payer"] + optionalHeaderColumns.map(\.0)

    public struct Row: Sendable, Equatable {
        /// 1-based line of `factures.csv` where the row starts.
        public var line: Int
        public var invoice: DepositedInvoiceFields
        /// The archive entry holding the invoice's PDF.
        public var file: String

        public var number: String { invoice.header.number ?? "" }
    }

    public var rows: [Row]

    /// The `factures.csv` column of each invoice field the checks name.
    static let columnOfField: [String: String] = [
        "number": "numero", "date": "date", "recipient": "destinataire", "recipient_service": "service", "vat_type": "type_tva",
        "currency": "devise", "type": "type", "payment_mode": "mode_paiement", "frame": "cadre", "supplier_service": "service_fournisseur",
        "bank_account": "compte_bancaire", "engagement": "engagement", "contract": "marche", "original_invoice": "facture_origine",
        "exemption_reason": "motif_exoneration", "comment": "commentaire", "total_ht": "total_ht", "total_vat": "total_tva",
        "total_ttc": "total_ttc", "amount_due": "net_a_payer",
    ]

    /// `violation` as a flow's supplier reads it: the field, and the
    /// message's leading "field :", named by the `factures.csv` column.
    public static func reworded(_ violation: DomainError.Violation) -> DomainError.Violation {
        guard let field = violation.field, let column = columnOfField[field], column != field else { return violation }
        var reworded = violation
        reworded.field = column
        if violation.message.hasPrefix("\(field) :") { reworded.message = column + violation.message.dropFirst(field.count) }
        return reworded
    }

    /// Reads `text` (UTF-8 already, BOM dropped); `INVALID_FLOW` for a
    /// header that is not a flow's or a broken quote, `FLOW_TOO_LARGE`
    /// beyond 500 rows.
    public init(parsing text: String) throws(DomainError) {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let headerLine = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        let records: [CSVReader.Record]
        do { records = try CSVReader(separator: CSVReader.detectSeparator(headerLine: headerLine)).records(text) } catch {
            switch error {
            case let .unterminatedQuote(line): throw DomainError(.invalidFlow, "\(Self.fileName):\(line) : guillemet non refermé")
            }
        }
        guard let header = records.first else { throw DomainError(.invalidFlow, "\(Self.fileName) est vide") }
        let columns = header.fields.map { $0.trimmingSpaces().lowercased() }
        var position: [String: Int] = [:]
        for (index, column) in columns.enumerated() {
            guard Self.requiredColumns.contains(column) || Self.optionalColumns.contains(column) else {
                throw DomainError(.invalidFlow, "\(Self.fileName) : colonne \(column.quotedForMessage) inconnue (colonnes : \((Self.requiredColumns + Self.optionalColumns).joined(separator: ", ")))")
            }
            guard position[column] == nil else { throw DomainError(.invalidFlow, "\(Self.fileName) : colonne \(column.quotedForMessage) en double") }
            position[column] = index
        }
        let missing = Self.requiredColumns.filter { position[$0] == nil }
        guard missing.isEmpty else { throw DomainError(.invalidFlow, "\(Self.fileName) : colonnes obligatoires absentes : \(missing.joined(separator: ", "))") }
        let body = records.dropFirst()
        guard body.count <= Self.maximumInvoices else {
            throw DomainError(.flowTooLarge, "\(Self.fileName) : \(body.count) factures, \(Self.maximumInvoices) au plus par flux")
        }
        guard !body.isEmpty else { throw DomainError(.invalidFlow, "\(Self.fileName) ne contient aucune facture") }
        rows = body.map { record in
            func value(_ column: String) -> String? {
                guard let index = position[column] else { return nil }
                return index < record.fields.count ? record.fields[index].trimmingSpaces() : ""
            }
            var header = InvoiceHeaderFields()
            header.number = value("numero")
            header.date = value("date").flatMap { $0.isEmpty ? nil : $0 }
            header.recipient = value("destinataire")
            header.recipientService = value("service")
            header.vatType = value("type_tva").flatMap { $0.isEmpty ? nil : $0 }
            for (column, path) in Self.optionalHeaderColumns {
                if let text = value(column), !text.isEmpty { header[keyPath: path] = text }
            }
            let invoice = DepositedInvoiceFields(
                header: header, totalHT: value("total_ht") ?? "", totalVAT: value("total_tva") ?? "",
                totalTTC: value("total_ttc") ?? "", amountDue: value("net_a_payer") ?? ""
            )
            return Row(line: record.line, invoice: invoice, file: value("fichier") ?? "")
        }
    }
}

/// Where a flow is: received, being integrated, then one of three ends.
public enum FlowStatus: String, Sendable, CaseIterable, ClosedVocabulary {
    case received = "RECU"
    case integrating = "EN_COURS"
    /// Every invoice accepted.
    case integrated = "INTEGRE"
    /// Some accepted, some rejected.
    case partlyIntegrated = "INTEGRE_PARTIEL"
    /// None accepted, or the archive itself unusable.
    case rejected = "REJETE"

    public static let unknownWord = "statut de flux inconnu"

    public var isFinal: Bool { self == .integrated || self == .partlyIntegrated || self == .rejected }

    /// The end of a flow whose rows were `accepted` and `rejected`.
    public static func end(accepted: Int, rejected: Int) -> FlowStatus {
        accepted == 0 ? .rejected : rejected == 0 ? .integrated : .partlyIntegrated
    }
}

/// What became of one row of a flow.
public enum FlowRowStatus: String, Sendable, CaseIterable, ClosedVocabulary {
    case integrated = "INTEGREE"
    case rejected = "REJETEE"
    public static let unknownWord = "statut de ligne de flux inconnu"
}
