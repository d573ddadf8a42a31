import FacturoDomain
import Foundation
import GRDB

extension SQLiteRows {
    /// A stored decimal ("6400.00"), exact.
    static func decimal(_ row: Row, _ column: String) throws -> Decimal {
        let text: String = row[column]
        guard let value = Decimal(string: text, locale: ExactDecimal.posix) else { throw StoreError.corrupt("\(column) \(text)") }
        return value
    }

    static func date(_ text: String?) throws -> CalendarDate? {
        guard let text else { return nil }
        do { return try CalendarDate(text) } catch { throw StoreError.corrupt("date \(text)") }
    }

    static func engagement(_ row: Row) throws -> Engagement {
        do {
            return try Engagement(
                recipient: identifier(row, type: "recipient_type", value: "recipient_identifier"), number: row["number"],
                supplier: identifier(row, type: "supplier_type", value: "supplier_identifier"), amount: decimal(row, "amount"),
                validFrom: date(row["valid_from"]), validUntil: date(row["valid_until"])
            )
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.corrupt("engagement \(row["number"] as String? ?? ""): \(error)")
        }
    }

    static func line(_ row: Row) throws -> InvoiceLine {
        guard let rate = VATRate(try decimal(row, "vat_rate")) else { throw StoreError.corrupt("vat_rate") }
        return InvoiceLine(
            reference: row["reference"], designation: row["designation"], quantity: try decimal(row, "quantity"), unit: row["unit"],
            unitPrice: try decimal(row, "unit_price"), discount: try decimal(row, "discount"), vatRate: rate
        )
    }

    static func vatRow(_ row: Row) throws -> VATBreakdownRow {
        guard let rate = VATRate(try decimal(row, "rate")) else { throw StoreError.corrupt("rate") }
        return VATBreakdownRow(rate: rate, base: try decimal(row, "base"), amount: try decimal(row, "amount"))
    }

    /// The header and totals of an `invoices` row joined with its two structures.
    static func document(_ row: Row, lines: [InvoiceLine], vat: [VATBreakdownRow]) throws -> InvoiceDocument {
        func code<T: ClosedVocabulary>(_ type: T.Type, _ column: String) throws -> T {
            guard let value = T(rawValue: row[column] as String) else { throw StoreError.corrupt("\(column) \(row[column] as String)") }
            return value
        }
        guard let frame = BillingFrame(rawValue: row["frame"]), let date = try date(row["invoice_date"]) else { throw StoreError.corrupt("invoice \(row["public_id"] as String)") }
        let header = InvoiceHeader(
            number: row["number"], date: date, currency: row["currency"], type: try code(InvoiceType.self, "type"),
            vatRegime: try code(VATRegime.self, "vat_type"), paymentMode: try code(PaymentMode.self, "payment_mode"), frame: frame,
            supplier: try identifier(row, type: "supplier_type", value: "supplier_identifier"), supplierService: row["supplier_service"],
            supplierBankAccount: row["bank_account"], recipient: try identifier(row, type: "recipient_type", value: "recipient_identifier"),
            recipientService: row["recipient_service"], engagement: row["engagement"], contract: row["contract"],
            originalInvoice: row["original_invoice"], exemptionReason: row["exemption_reason"], comment: row["comment"]
        )
        let totals = InvoiceTotals(
            lineTotal: try decimal(row, "line_total"), totalHT: try decimal(row, "total_ht"), totalVAT: try decimal(row, "total_vat"),
            totalTTC: try decimal(row, "total_ttc"), globalDiscount: try decimal(row, "global_discount"), discountReason: row["discount_reason"],
            amountDue: try decimal(row, "amount_due")
        )
        return InvoiceDocument(channel: try code(InvoiceDocument.Channel.self, "channel"), header: header, lines: lines, vatBreakdown: vat, totals: totals)
    }

    static func summary(_ row: Row) throws -> InvoiceSummary {
        guard let status = InvoiceStatus(rawValue: row["status"]), let date = try date(row["invoice_date"]) else { throw StoreError.corrupt("invoice \(row["public_id"] as String)") }
        return InvoiceSummary(
            id: row["public_id"], number: row["number"], supplier: try identifier(row, type: "supplier_type", value: "supplier_identifier"),
            recipient: try identifier(row, type: "recipient_type", value: "recipient_identifier"), recipientService: row["recipient_service"],
            status: status, date: date, depositedAt: row["deposited_at"], totalHT: try decimal(row, "total_ht"),
            totalTTC: try decimal(row, "total_ttc"), amountDue: try decimal(row, "amount_due")
        )
    }
}
