import FacturoDomain
import Foundation

/// A readable A4 PDF of any invoice, typed or received as XML (through
/// `StructuredInvoice`): the parties, the references (service, engagement,
/// contract), the lines, the VAT breakdown, the totals, the payment terms
/// and the deposit certificate number. For people: the legal value stays
/// with the deposited file and its certificate.
public enum InvoicePDF {
    public static func render(_ invoice: StructuredInvoice, certificate: String = "") throws(DomainError) -> Data {
        guard let canvas = PDFCanvas() else { throw DomainError(.invalidArgument, "PDF : libharu n'a pas pu créer le document") }
        let left = PDFCanvas.margin
        let right = PDFCanvas.width - PDFCanvas.margin
        let currency = invoice.currency.isEmpty ? "" : " \(invoice.currency)"
        canvas.footer = "\(kind(invoice)) \(invoice.number)" + (certificate.isEmpty ? "" : " · certificat de dépôt \(certificate)")

        canvas.text("\(kind(invoice)) n° \(invoice.number)", x: left, size: 16, bold: true)
        canvas.text("du \(french(invoice.issueDate))", x: right, size: 11, alignRight: true)
        canvas.down(18)
        if !invoice.dueDate.isEmpty { canvas.text("Échéance : \(french(invoice.dueDate))", x: left); canvas.down(12) }
        if !certificate.isEmpty { canvas.text("Certificat de dépôt : \(certificate)", x: left, size: 8); canvas.down(12) }
        canvas.down(6)

        // The parties, side by side.
        let top = canvas.y
        let sellerEnd = party("Fournisseur", invoice.seller, x: left, canvas: canvas)
        canvas.move(to: top)
        let buyerEnd = party("Destinataire", invoice.buyer, x: left + 270, canvas: canvas)
        canvas.move(to: min(sellerEnd, buyerEnd))
        canvas.down(8)

        let references: [(String, String)] = [
            ("Service (BT-10)", invoice.buyerReference), ("Engagement juridique (BT-13)", invoice.orderReference),
            ("Marché (BT-12)", invoice.contractReference), ("Projet (BT-11)", invoice.projectReference),
            ("Facture d'origine (BT-25)", invoice.precedingInvoices.map(\.number).joined(separator: ", ")),
        ].filter { !$0.1.isEmpty }
        for (label, value) in references {
            canvas.need(12)
            canvas.text(label, x: left, bold: true)
            canvas.text(value, x: left + 150, width: right - left - 150)
            canvas.down(12)
        }
        canvas.down(8)

        // Lines.
        let columns: [(String, Float, Bool)] = [("#", left, false), ("Désignation", left + 24, false), ("Qté", left + 300, true),
                                               ("Unité", left + 306, false), ("PU HT", left + 400, true), ("TVA", left + 440, true), ("Montant HT", right, true)]
        func heading() {
            canvas.need(16)
            for (title, x, alignRight) in columns { canvas.text(title, x: x, bold: true, alignRight: alignRight) }
            canvas.down(4)
            canvas.rule()
            canvas.down(10)
        }
        heading()
        for line in invoice.lines {
            if canvas.y - 12 < PDFCanvas.margin + 20 { canvas.newPage(); heading() }
            canvas.text(line.id, x: left, width: 22)
            canvas.text(line.itemName, x: left + 24, width: 240)
            canvas.text(line.quantity?.text ?? "", x: left + 300, alignRight: true)
            canvas.text(line.unitCode, x: left + 306, width: 40)
            canvas.text(line.netPrice?.text ?? "", x: left + 400, alignRight: true)
            canvas.text(line.vatRate.map { "\($0.text) %" } ?? line.vatCategory, x: left + 440, alignRight: true)
            canvas.text(line.netAmount?.text ?? "", x: right, alignRight: true)
            canvas.down(11)
            for (sign, list) in [("-", line.allowances), ("+", line.charges)] {
                for item in list {
                    canvas.need(11)
                    canvas.text("\(sign) \(item.reason.isEmpty ? item.reasonCode : item.reason)", x: left + 34, size: 8, width: 250)
                    canvas.text(item.amount?.text ?? "", x: right, size: 8, alignRight: true)
                    canvas.down(10)
                }
            }
        }
        canvas.down(6)
        for (label, list) in [("Remise", invoice.allowances), ("Frais", invoice.charges)] {
            for item in list {
                canvas.need(12)
                canvas.text("\(label) : \(item.reason.isEmpty ? item.reasonCode : item.reason) (TVA \(item.vatCategory) \(item.vatRate?.text ?? "") %)", x: left, width: 380)
                canvas.text(item.amount?.text ?? "", x: right, alignRight: true)
                canvas.down(12)
            }
        }

        // VAT breakdown and totals.
        canvas.need(30)
        canvas.text("Ventilation de la TVA", x: left, bold: true)
        canvas.down(12)
        for row in invoice.vatBreakdown {
            canvas.need(12)
            canvas.text("Catégorie \(row.category)\(row.rate.map { " à \($0.text) %" } ?? "")", x: left)
            canvas.text("base \(row.taxableAmount?.text ?? "")\(currency)", x: left + 300, alignRight: true)
            canvas.text("TVA \(row.taxAmount?.text ?? "")\(currency)", x: right, alignRight: true)
            canvas.down(12)
            if !row.exemptionReason.isEmpty || !row.exemptionReasonCode.isEmpty {
                canvas.text("Exonération : \(row.exemptionReason.isEmpty ? row.exemptionReasonCode : row.exemptionReason)", x: left + 10, size: 8, width: 480)
                canvas.down(10)
            }
        }
        canvas.down(6)
        let totals = invoice.totals
        let rows: [(String, XMLDecimal?, Bool)] = [
            ("Total des lignes HT", totals.lineTotal, false), ("Remises", totals.allowanceTotal, false), ("Frais", totals.chargeTotal, false),
            ("Total HT", totals.taxExclusive, true), ("Total TVA", totals.vatTotal, false), ("Total TTC", totals.taxInclusive, true),
            ("Déjà payé", totals.prepaid, false), ("Arrondi", totals.rounding, false), ("Net à payer", totals.payable, true),
        ]
        for (label, value, strong) in rows {
            guard let value else { continue }
            canvas.need(13)
            canvas.text(label, x: left + 300, bold: strong)
            canvas.text("\(value.text)\(currency)", x: right, bold: strong, alignRight: true)
            canvas.down(13)
        }
        canvas.down(8)

        // Payment and notes.
        var payment: [String] = []
        if let means = invoice.payment {
            payment.append("Moyen de paiement : \(means.meansCode)\(means.meansText.isEmpty ? "" : " (\(means.meansText))")")
            for transfer in means.transfers {
                payment.append("Compte : \(transfer.account)\(transfer.provider.isEmpty ? "" : " · BIC \(transfer.provider)")")
            }
            if !means.remittanceInformation.isEmpty { payment.append("Référence de paiement : \(means.remittanceInformation)") }
        }
        if !invoice.paymentTerms.isEmpty { payment.append("Conditions : \(invoice.paymentTerms)") }
        payment += invoice.notes.map { ($0.subjectCode.isEmpty ? "" : "[\($0.subjectCode)] ") + $0.text }
        for text in payment {
            for chunk in wrapped(text, length: 110) {
                canvas.need(11)
                canvas.text(chunk, x: left, size: 8)
                canvas.down(11)
            }
        }
        guard let data = canvas.finish(title: "\(kind(invoice)) \(invoice.number)") else {
            throw DomainError(.invalidArgument, "PDF : libharu n'a pas pu écrire le document")
        }
        return data
    }

    static func kind(_ invoice: StructuredInvoice) -> String { invoice.isCreditNote ? "Avoir" : "Facture" }

    /// `2026-11-30` as `30/11/2026`; other texts as they are.
    static func french(_ iso: String) -> String {
        let parts = iso.split(separator: "-")
        return parts.count == 3 ? "\(parts[2])/\(parts[1])/\(parts[0])" : iso
    }

    static func wrapped(_ text: String, length: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if current.count + word.count + 1 > length, !current.isEmpty { lines.append(current); current = "" }
            current += current.isEmpty ? String(word) : " " + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// A party's block from the current line down; returns where it ended.
    @discardableResult
    static func party(_ title: String, _ party: StructuredInvoice.Party, x: Float, canvas: PDFCanvas) -> Float {
        for (index, text) in partyLines(title, party).enumerated() {
            canvas.text(text, x: x, size: index == 0 ? 8 : 9, bold: index == 1, width: 250)
            canvas.down(11)
        }
        return canvas.y
    }

    static func partyLines(_ title: String, _ party: StructuredInvoice.Party) -> [String] {
        var lines = [title.uppercased(), party.name]
        if !party.tradingName.isEmpty, party.tradingName != party.name { lines.append(party.tradingName) }
        if let siret = party.siret { lines.append("SIRET \(siret)") }
        for identifier in party.identifiers where identifier.scheme != StructuredInvoice.siretScheme {
            lines.append("Identifiant \(identifier.value)\(identifier.scheme.isEmpty ? "" : " (\(identifier.scheme))")")
        }
        if !party.vatIdentifier.isEmpty { lines.append("TVA \(party.vatIdentifier)") }
        if let address = party.address {
            for line in [address.line1, address.line2, address.line3] where !line.isEmpty { lines.append(line) }
            let town = [address.postcode, address.city].filter { !$0.isEmpty }.joined(separator: " ")
            if !town.isEmpty { lines.append(town) }
            if !address.country.isEmpty { lines.append(address.country) }
        }
        return lines
    }
}
