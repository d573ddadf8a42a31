import FacturoDomain
import Foundation

/// What a structured file deposits on the exchange: the supplier and the
/// recipient by SIRET (scheme 0009), the service (BT-10), the engagement
/// (BT-13) and the amounts the file states (BT-109, BT-110, BT-112, BT-115),
/// as a deposit's fields (`DepositedInvoiceFields`), checked like any
/// deposit afterwards. The file itself is the invoice's main file, so what
/// the exchange's invoice does not hold is kept.
public struct StructuredDeposit: Sendable, Equatable {
    /// The seller's SIRET as the file gives it (nil: none with scheme 0009).
    public var supplierSiret: String?
    public var fields: DepositedInvoiceFields
    /// The file's invoice it was made from.
    public var invoice: StructuredInvoice

    /// Whether the file's seller can be the structure of SIRET `siret`:
    /// every SIREN it gives (an identifier or legal registration of scheme
    /// 0002, the SIREN in a French VAT number, a SIRET of scheme 0009) is
    /// that SIRET's. A file naming another company is not deposited for this one.
    public static func sellerMatches(_ invoice: StructuredInvoice, siret: String) -> Bool {
        let siren = String(siret.prefix(9))
        let seller = invoice.seller
        let identifiers = seller.identifiers + [seller.legalRegistration, seller.electronicAddress].compactMap { $0 }
        for identifier in identifiers {
            let value = identifier.value.filter { !$0.isWhitespace }
            if identifier.scheme == "0002", value != siren { return false }
            if identifier.scheme == StructuredInvoice.siretScheme, value != siret { return false }
        }
        let vat = seller.vatIdentifier.filter { !$0.isWhitespace }
        if vat.hasPrefix("FR"), vat.count == 13, String(vat.suffix(9)) != siren { return false }
        return true
    }

    /// The supplier the file is deposited for: `named` when given, which
    /// must then be the file's seller, else the seller the file names by
    /// SIRET (scheme 0009). Either way, every SIREN the file gives for its
    /// seller must be that supplier's (`sellerMatches`): a file whose SIRET
    /// is one company's and whose SIREN or VAT number another's is refused.
    public func supplier(named: StructureIdentifier?) throws(DomainError) -> StructureIdentifier {
        var fileSupplier: StructureIdentifier?
        if let supplierSiret {
            do { fileSupplier = try StructureIdentifier(type: .siret, value: supplierSiret) } catch {
                throw DomainError(.invalidSiret, "vendeur (BT-29, schéma 0009) : \(error.message)")
            }
        }
        let supplier: StructureIdentifier
        switch (named, fileSupplier) {
        case let (named?, file?) where named != file:
            throw DomainError(.invalidArgument, "le fichier est émis par le SIRET \(file) (BT-29, schéma 0009), pas par le fournisseur \(named)")
        case let (named?, _): supplier = named
        case let (nil, file?): supplier = file
        case (nil, nil):
            throw DomainError(.invalidArgument, "le fichier ne donne pas le SIRET du vendeur (identifiant de schéma 0009) ; nommez le fournisseur")
        }
        if supplier.type == .siret, !Self.sellerMatches(invoice, siret: supplier.value) {
            throw DomainError(.invalidArgument, "le vendeur du fichier (SIREN, SIRET ou numéro de TVA, BT-29 à BT-31) n'est pas le fournisseur \(supplier)")
        }
        return supplier
    }

    /// Whether the file says what the exchange holds of `document`: number,
    /// date, type, currency, supplier, recipient, service, engagement, bank
    /// account and the four amounts. Only then is the file exported as the
    /// invoice: a PDF deposit's main file may be any XML, and a recycled
    /// invoice no longer goes where its file says.
    public func states(_ document: InvoiceDocument) -> Bool {
        let header = document.header
        // Resolved as the deposit resolved it (trimmed, EUR by default, the
        // deposit day where the file gives no date).
        guard supplierSiret == header.supplier.value,
              let file = try? fields.header.resolve(supplier: header.supplier, depositDay: header.date) else { return false }
        let totals = document.totals
        func same(_ text: String, _ value: Decimal) -> Bool { XMLDecimal(text).value == value }
        return file.number == header.number && file.date == header.date && file.type == header.type && file.currency == header.currency
            && file.recipient == header.recipient && file.recipientService == header.recipientService && file.engagement == header.engagement
            && file.supplierBankAccount == header.supplierBankAccount
            && same(fields.totalHT, totals.totalHT) && same(fields.totalVAT, totals.totalVAT)
            && same(fields.totalTTC, totals.totalTTC) && same(fields.amountDue, totals.amountDue)
    }

    public init(_ invoice: StructuredInvoice) {
        self.invoice = invoice
        supplierSiret = invoice.seller.siret
        var header = InvoiceHeaderFields()
        header.number = invoice.number
        header.date = invoice.issueDate.isEmpty ? nil : invoice.issueDate
        header.currency = invoice.currency.isEmpty ? nil : invoice.currency
        header.type = invoice.isCreditNote ? InvoiceType.avoir.rawValue : InvoiceType.facture.rawValue
        header.vatType = Self.regime(invoice).rawValue
        header.paymentMode = (PaymentMode(rawValue: invoice.payment?.meansText ?? "") ?? Self.paymentMode(invoice.payment?.meansCode ?? ""))?.rawValue
        header.bankAccount = invoice.payment?.transfers.first?.account
        header.recipient = invoice.buyer.siret
        header.recipientService = invoice.buyerReference.isEmpty ? nil : invoice.buyerReference
        header.engagement = invoice.orderReference.isEmpty ? nil : invoice.orderReference
        header.contract = invoice.contractReference.isEmpty ? nil : invoice.contractReference
        header.originalInvoice = invoice.precedingInvoices.first?.number
        let reason = invoice.vatBreakdown.first { !$0.exemptionReason.isEmpty || !$0.exemptionReasonCode.isEmpty }
        header.exemptionReason = reason.map { $0.exemptionReason.isEmpty ? $0.exemptionReasonCode : $0.exemptionReason }
        let totals = invoice.totals
        // The exchange's TTC is before its own global discount; a file's
        // prepaid amount (BT-113) is what makes its amount due differ.
        // BT-110 may be absent (EN 16931: 0..1); it is then the sum of the
        // categories' VAT (BT-117), as BR-CO-14 would have it.
        let vat = totals.vatTotal.map(Self.amount)
            ?? (invoice.vatBreakdown.isEmpty ? "" : ExactDecimal.text(XMLDecimal.sum(invoice.vatBreakdown.map(\.taxAmount)), .amount))
        fields = DepositedInvoiceFields(
            header: header, totalHT: Self.amount(totals.taxExclusive), totalVAT: vat,
            totalTTC: Self.amount(totals.taxInclusive), amountDue: Self.amount(totals.payable)
        )
        if let prepaid = totals.prepaid?.value, prepaid != 0, totals.payable?.value == 0 { fields.header.frame = BillingFrame.alreadyPaid.rawValue }
    }

    /// An amount for the deposit's fields: as the file writes it, unless it
    /// is an xs:decimal the exchange's amount syntax refuses (`+100.00`,
    /// `.5`, `100.`) with two places at most: then as the exchange writes it.
    /// Anything else stays as written, for the deposit's checks to report.
    static func amount(_ value: XMLDecimal?) -> String {
        guard let value else { return "" }
        guard (try? ExactDecimal.parse(value.text, scale: .amount, field: "")) == nil, let exact = value.value, value.places <= 2,
              exact.magnitude < 1_000_000_000_000_000 else { return value.text }
        return ExactDecimal.text(exact, .amount)
    }

    /// Exempt when no line is standard rated (S) and none bears VAT.
    static func regime(_ invoice: StructuredInvoice) -> VATRegime {
        let categories = Set(invoice.vatBreakdown.map(\.category))
        if categories.contains("S") || categories.isEmpty { return .surDebit }
        return categories == ["O"] ? .sansTVA : .exoneration
    }

    /// UNTDID 4461 codes to the reference's modes.
    static func paymentMode(_ code: String) -> PaymentMode? {
        switch code {
        case "": nil
        case "30", "31", "42", "58": .virement
        case "20": .cheque
        case "49", "59": .prelevement
        case "10": .espece
        case "97": .report
        default: .autre
        }
    }

    /// The reference's modes as UNTDID 4461 codes, for export.
    static func meansCode(_ mode: PaymentMode) -> String {
        switch mode {
        case .virement: "30"
        case .cheque: "20"
        case .prelevement: "49"
        case .espece: "10"
        case .report: "97"
        case .autre: "1"
        }
    }
}
