import FacturoWire
import Foundation

/// How invoices and drafts look in the console: records whose field names
/// scripts capture (`$f.certificat`), the same in every format.
enum InvoiceOutput {
    /// The answer to a submission (`draft send`, `invoice deposit`).
    static func submission(_ answer: Facturo_V1_SubmissionResponse) -> CommandOutput {
        let invoice = answer.invoice
        return .record(summaryFields(invoice) + [.init("rejoue", OrganisationOutput.yesNo(answer.replayed))])
    }

    static func summaryFields(_ invoice: Facturo_V1_InvoiceInfo) -> [CommandOutput.Field] {
        [
            .init("id", invoice.id),
            .init("numero", invoice.header.number),
            .init("statut", invoice.status),
            .init("destinataire", invoice.header.recipient),
            .init("total_ht", invoice.totals.totalHt),
            .init("total_tva", invoice.totals.totalVat),
            .init("total_ttc", invoice.totals.totalTtc),
            .init("net_a_payer", invoice.totals.amountDue),
            .init("certificat", invoice.certificate),
            .init("depose_le", Timestamps.iso8601(unixMilliseconds: invoice.depositedAt)),
        ]
    }

    /// `invoice show`: the summary, the header, lines, VAT, attachments, statuses.
    static func invoice(_ invoice: Facturo_V1_InvoiceInfo) -> CommandOutput {
        var fields = summaryFields(invoice)
        fields += header(invoice.header, supplierName: invoice.supplierName, recipientName: invoice.recipientName)
        fields.append(.init("canal", invoice.channel))
        fields += lines(invoice.lines) + vat(invoice.vat) + [.init("remise_globale", invoice.totals.globalDiscount)]
        for (index, attachment) in invoice.attachments.enumerated() {
            fields.append(.init("piece_\(index + 1)", "\(attachment.name) · \(attachment.main ? "principale" : "complémentaire") · \(attachment.size) octets · \(attachment.digest)"))
        }
        for (index, status) in invoice.statuses.enumerated() {
            let comment = status.comment.isEmpty ? "" : " · \(status.comment)"
            fields.append(.init("statut_\(index + 1)", "\(status.status) · \(Timestamps.iso8601(unixMilliseconds: status.at)) · \(status.by)\(comment)"))
        }
        if !invoice.dpNumber.isEmpty { fields.append(.init("numero_dp", invoice.dpNumber)) }
        if invoice.rejectionAcknowledged { fields.append(.init("rejet_traite", "oui")) }
        return .record(fields)
    }

    static func draft(_ draft: Facturo_V1_DraftInfo) -> CommandOutput {
        var fields: [CommandOutput.Field] = [.init("id", draft.id), .init("numero", draft.temporaryNumber), .init("destinataire", draft.header.recipient)]
        fields += header(draft.header, supplierName: "", recipientName: "").filter { $0.name != "numero_facture" || !$0.value.isEmpty }
        fields += lines(draft.lines) + vat(draft.vat) + totals(draft.totals)
        for (index, attachment) in draft.attachments.enumerated() {
            fields.append(.init("piece_\(index + 1)", "\(attachment.name) · \(attachment.main ? "principale" : "complémentaire") · \(attachment.size) octets"))
        }
        return .record(fields)
    }

    static func header(_ header: Facturo_V1_InvoiceHeaderInfo, supplierName: String, recipientName: String) -> [CommandOutput.Field] {
        var fields: [CommandOutput.Field] = [
            .init("numero_facture", header.number), .init("date", header.date), .init("devise", header.currency), .init("type", header.type),
            .init("type_tva", header.vatType), .init("mode_paiement", header.paymentMode), .init("cadre", header.frame),
            .init("fournisseur", header.supplier),
        ]
        if !supplierName.isEmpty { fields.append(.init("fournisseur_nom", supplierName)) }
        fields.append(.init("service_fournisseur", header.supplierService))
        if !recipientName.isEmpty { fields.append(.init("destinataire_nom", recipientName)) }
        fields += [
            .init("service", header.recipientService), .init("engagement", header.engagement), .init("marche", header.contract),
            .init("facture_origine", header.originalInvoice), .init("motif_exoneration", header.exemptionReason),
            .init("coordonnees_bancaires", header.bankAccount), .init("commentaire", header.comment),
        ]
        return fields
    }

    static func lines(_ lines: [Facturo_V1_InvoiceLineInfo]) -> [CommandOutput.Field] {
        lines.map { line in
            let fields = line.fields
            var text = "\(fields.designation) · \(fields.quantity) \(fields.unit) × \(fields.unitPrice)"
            if let discount = Decimal(string: fields.discount), discount != 0 { text += " - \(fields.discount)" }
            text += " · TVA \(fields.vatRate) % · net \(line.net)"
            if !fields.reference.isEmpty { text = "[\(fields.reference)] " + text }
            return .init("ligne_\(line.number)", text)
        }
    }

    static func vat(_ rows: [Facturo_V1_VatRow]) -> [CommandOutput.Field] {
        // `tva_5_5`: a field name scripts can capture (`$d.tva_5_5`).
        rows.map { .init("tva_\($0.rate.replacingOccurrences(of: ".", with: "_"))", "base \($0.base) · TVA \($0.amount)") }
    }

    static func totals(_ totals: Facturo_V1_InvoiceTotalsInfo) -> [CommandOutput.Field] {
        [
            .init("total_ht", totals.totalHt), .init("total_tva", totals.totalVat), .init("total_ttc", totals.totalTtc),
            .init("remise_globale", totals.globalDiscount), .init("net_a_payer", totals.amountDue),
        ]
    }

    static let summaryColumns = ["id", "numero", "destinataire", "service", "statut", "date", "depose_le", "total_ht", "total_ttc", "net_a_payer"]

    static func summaryRow(_ summary: Facturo_V1_InvoiceSummary) -> [String] {
        [
            summary.id, summary.number, summary.recipient, summary.recipientService, summary.status, summary.date,
            Timestamps.iso8601(unixMilliseconds: summary.depositedAt), summary.totalHt, summary.totalTtc, summary.amountDue,
        ]
    }
}

/// Amounts as people type them: `6 400,00` and `6400.00` alike (spaces,
/// including the French narrow no-break space, dropped; a lone comma is
/// the decimal separator). The server still checks the result.
enum TypedDecimal {
    static func normalized(_ text: String) -> String {
        var cleaned = text.filter { !$0.isWhitespace && $0 != "\u{202F}" && $0 != "\u{00A0}" }
        if !cleaned.contains("."), cleaned.filter({ $0 == "," }).count == 1 { cleaned = cleaned.replacingOccurrences(of: ",", with: ".") }
        return cleaned
    }
}
