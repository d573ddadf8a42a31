import FacturoDomain
import Foundation

/// The exchange's invoice as an EN 16931 invoice, for `invoice export`:
/// the parties as the directory names them, the header's codes, each typed
/// line (its discount as a line allowance), the VAT breakdown (S, or E at
/// 0 % with the exemption reason) and the totals.
///
/// A French SIRET gives its VAT number (BT-31, BT-48: `FR`, key, SIREN),
/// which S-rated lines need (BR-S-02); a transfer without a known account
/// is written with means code 1 (not defined) and the mode as its text.
///
/// Two things have no exact EN 16931 term: the reference's global discount
/// incl. VAT (document allowances are excluding VAT and per category) is
/// written as a note and the amount due keeps it, so such an export breaks
/// BR-CO-16; and a deposited invoice without lines gets one line at its HT
/// amount (BR-16), its VAT rate inferred when one French rate gives its VAT.
public struct StructuredExport: Sendable {
    /// A party as the directory holds it.
    public struct Party: Sendable, Equatable {
        public var name: String
        public var identifier: StructureIdentifier
        public var address: PostalAddress?
        public init(name: String, identifier: StructureIdentifier, address: PostalAddress? = nil) {
            self.name = name
            self.identifier = identifier
            self.address = address
        }
    }

    public static let specification = "urn:cen.eu:en16931:2017"

    /// The UN/ECE recommendation 20 codes of the units people type most.
    static let units: [String: String] = [
        "piece": "C62", "pièce": "C62", "pieces": "C62", "pièces": "C62", "unite": "C62", "unité": "C62", "u": "C62",
        "heure": "HUR", "heures": "HUR", "h": "HUR", "jour": "DAY", "jours": "DAY", "mois": "MON", "an": "ANN", "annee": "ANN", "année": "ANN",
        "kg": "KGM", "kilogramme": "KGM", "g": "GRM", "tonne": "TNE", "t": "TNE", "litre": "LTR", "l": "LTR", "m": "MTR", "metre": "MTR", "mètre": "MTR",
        "m2": "MTK", "m²": "MTK", "m3": "MTQ", "m³": "MTQ", "km": "KMT", "forfait": "LS", "lot": "LO",
    ]

    public static func invoice(_ document: InvoiceDocument, supplier: Party, recipient: Party, depositNumber: String = "") -> StructuredInvoice {
        let header = document.header
        var invoice = StructuredInvoice()
        invoice.specification = specification
        invoice.number = header.number
        invoice.issueDate = header.date.iso
        invoice.typeCode = header.type == .avoir ? "381" : "380"
        invoice.currency = header.currency
        invoice.buyerReference = header.recipientService
        invoice.orderReference = header.engagement
        invoice.contractReference = header.contract
        if !header.originalInvoice.isEmpty { invoice.precedingInvoices = [.init(number: header.originalInvoice)] }
        if !header.comment.isEmpty { invoice.notes.append(.init(text: header.comment)) }
        if !depositNumber.isEmpty { invoice.notes.append(.init(subjectCode: "REG", text: "Certificat de dépôt \(depositNumber)")) }
        if document.totals.globalDiscount != 0 {
            invoice.notes.append(.init(text: "Remise globale TTC \(ExactDecimal.text(document.totals.globalDiscount, .amount)) : \(document.totals.discountReason)"))
        }
        invoice.paymentTerms = "Délai global de paiement de la commande publique, à compter de la réception de la facture"
        invoice.seller = party(supplier)
        invoice.buyer = party(recipient)
        var payment = StructuredInvoice.PaymentInstructions()
        payment.meansCode = StructuredDeposit.meansCode(header.paymentMode)
        payment.meansText = header.paymentMode.rawValue
        if !header.supplierBankAccount.isEmpty {
            payment.transfers = [.init(account: header.supplierBankAccount)]
        } else if payment.isCreditTransfer {
            // A transfer names its account (BR-61): without one, "not defined", the mode kept as its text.
            payment.meansCode = "1"
        }
        invoice.payment = payment
        let exempt = header.vatRegime == .exoneration || header.vatRegime == .sansTVA
        func category(_ rate: VATRate) -> String { rate.isZero || exempt ? (header.vatRegime == .sansTVA ? "O" : "E") : "S" }
        func rateText(_ rate: VATRate, _ category: String) -> XMLDecimal? { category == "O" ? nil : XMLDecimal(rate.description) }

        var lines = document.lines.enumerated().map { index, typed in
            var line = StructuredInvoice.Line()
            line.id = "\(index + 1)"
            line.sellerItemId = typed.reference
            line.itemName = typed.designation
            line.quantity = XMLDecimal(typed.quantity, places: .quantity)
            let unit = units[typed.unit.lowercased()]
            line.unitCode = unit ?? "C62"
            if unit == nil { line.itemDescription = "Unité : \(typed.unit)" }
            line.netPrice = XMLDecimal(typed.unitPrice, places: .unitPrice)
            line.netAmount = XMLDecimal(amount: typed.net)
            if typed.discount != 0 { line.allowances = [.init(amount: XMLDecimal(amount: typed.discount), reason: "Remise")] }
            line.vatCategory = category(typed.vatRate)
            line.vatRate = rateText(typed.vatRate, line.vatCategory)
            return line
        }
        var breakdown = document.vatBreakdown
        if lines.isEmpty {
            // A deposit without lines: one line at its HT amount.
            let rate = VATRate.allowed.compactMap(VATRate.init).first { $0.tax(on: document.totals.totalHT) == document.totals.totalVAT } ?? VATRate(20)!
            var line = StructuredInvoice.Line()
            line.id = "1"
            line.itemName = "Facture \(header.number) (voir le document joint)"
            line.quantity = XMLDecimal("1")
            line.unitCode = "C62"
            line.netPrice = XMLDecimal(document.totals.totalHT, places: .unitPrice)
            line.netAmount = XMLDecimal(amount: document.totals.totalHT)
            line.vatCategory = category(rate)
            line.vatRate = rateText(rate, line.vatCategory)
            lines = [line]
            breakdown = [VATBreakdownRow(rate: rate, base: document.totals.totalHT, amount: document.totals.totalVAT)]
        }
        invoice.lines = lines
        invoice.vatBreakdown = breakdown.map { row in
            let code = category(row.rate)
            return StructuredInvoice.VATBreakdown(
                taxableAmount: XMLDecimal(amount: row.base), taxAmount: XMLDecimal(amount: row.amount), category: code,
                rate: rateText(row.rate, code), exemptionReason: code == "S" ? "" : header.exemptionReason
            )
        }
        let totals = document.totals
        invoice.totals.lineTotal = XMLDecimal(amount: lines.reduce(Decimal(0)) { $0 + ($1.netAmount?.value ?? 0) })
        invoice.totals.taxExclusive = XMLDecimal(amount: totals.totalHT)
        invoice.totals.vatTotal = XMLDecimal(amount: totals.totalVAT)
        invoice.totals.taxInclusive = XMLDecimal(amount: totals.totalTTC)
        if header.frame == .alreadyPaid { invoice.totals.prepaid = XMLDecimal(amount: totals.totalTTC) }
        invoice.totals.payable = XMLDecimal(amount: totals.amountDue)
        return invoice
    }

    /// The French VAT number of a SIREN: FR, the key (12 + 3 × (SIREN mod 97)) mod 97
    /// on two digits, the SIREN (the DGFiP's published rule).
    static func frenchVATNumber(siren: String) -> String? {
        guard siren.count == 9, let number = Int(siren) else { return nil }
        let key = (12 + 3 * (number % 97)) % 97
        return "FR" + (key < 10 ? "0" : "") + "\(key)" + siren
    }

    static func party(_ party: Party) -> StructuredInvoice.Party {
        var result = StructuredInvoice.Party()
        result.name = party.name
        let scheme = party.identifier.type == .siret ? StructuredInvoice.siretScheme : ""
        result.identifiers = [.init(party.identifier.value, scheme: scheme)]
        if party.identifier.type == .siret {
            result.electronicAddress = .init(party.identifier.value, scheme: StructuredInvoice.siretScheme)
            result.vatIdentifier = frenchVATNumber(siren: String(party.identifier.value.prefix(9))) ?? ""
        }
        var address = StructuredInvoice.Address()
        address.line1 = party.address?.line ?? ""
        address.postcode = party.address?.postcode ?? ""
        address.city = party.address?.town ?? ""
        address.country = party.address?.countryCode ?? "FR"
        result.address = address
        return result
    }
}
