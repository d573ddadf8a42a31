import Foundation

/// The bytes a deposit certificate digests: the invoice as accepted, in a
/// fixed order and spelling, so that anyone holding the invoice can
/// recompute them (`certificate verify`) and any changed byte of it —
/// amount, line, attachment, deposit time — changes the digest.
///
/// One `name=value` line per field, UTF-8, values with `\` and line breaks
/// escaped; decimals with their fixed places; attachments by SHA-256.
/// Written by hand: it is a format of our own, a few lines long, and its
/// stability is the point (never reorder or rename a field; add new ones
/// at the end under a new `form=` version).
public enum InvoiceCanonicalForm {
    public struct AttachmentDigest: Sendable, Equatable {
        public var name: String
        public var digest: String
        public var isMain: Bool

        public init(name: String, digest: String, isMain: Bool) {
            self.name = name
            self.digest = digest
            self.isMain = isMain
        }
    }

    public static let version = "facturo-invoice-1"

    public static func bytes(of invoice: InvoiceDocument, id: String, attachments: [AttachmentDigest], depositedAt: Int64) -> [UInt8] {
        var text = ""
        func field(_ name: String, _ value: String) {
            text += name
            text += "="
            // Most values hold nothing to escape: test the bytes first.
            if value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
                text += value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
            } else {
                text += value
            }
            text += "\n"
        }
        func amount(_ value: Decimal) -> String { ExactDecimal.text(value, .amount) }
        let header = invoice.header
        field("form", version)
        field("id", id)
        field("deposited_at", String(depositedAt))
        field("channel", invoice.channel.rawValue)
        field("number", header.number)
        field("date", header.date.iso)
        field("currency", header.currency)
        field("type", header.type.rawValue)
        field("vat_type", header.vatRegime.rawValue)
        field("payment_mode", header.paymentMode.rawValue)
        field("frame", header.frame.rawValue)
        field("supplier", header.supplier.description)
        field("supplier_service", header.supplierService)
        field("bank_account", header.supplierBankAccount)
        field("recipient", header.recipient.description)
        field("recipient_service", header.recipientService)
        field("engagement", header.engagement)
        field("contract", header.contract)
        field("original_invoice", header.originalInvoice)
        field("exemption_reason", header.exemptionReason)
        field("comment", header.comment)
        for (index, line) in invoice.lines.enumerated() {
            let prefix = "line.\(index + 1)."
            field(prefix + "reference", line.reference)
            field(prefix + "designation", line.designation)
            field(prefix + "quantity", ExactDecimal.text(line.quantity, .quantity))
            field(prefix + "unit", line.unit)
            field(prefix + "unit_price", ExactDecimal.text(line.unitPrice, .unitPrice))
            field(prefix + "discount", amount(line.discount))
            field(prefix + "vat_rate", line.vatRate.description)
            field(prefix + "net", amount(line.net))
        }
        for row in invoice.vatBreakdown {
            field("vat.\(row.rate)", amount(row.base) + " " + amount(row.amount))
        }
        let totals = invoice.totals
        field("line_total", amount(totals.lineTotal))
        field("total_ht", amount(totals.totalHT))
        field("total_vat", amount(totals.totalVAT))
        field("total_ttc", amount(totals.totalTTC))
        field("global_discount", amount(totals.globalDiscount))
        field("discount_reason", totals.discountReason)
        field("amount_due", amount(totals.amountDue))
        for attachment in attachments {
            field(attachment.isMain ? "attachment.main" : "attachment", attachment.digest + " " + attachment.name)
        }
        return Array(text.utf8)
    }
}
