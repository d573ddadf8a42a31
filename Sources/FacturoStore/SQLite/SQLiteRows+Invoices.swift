import FacturoDomain
import Foundation
import GRDB

/// A wide row's values by column name, looked up once. GRDB finds a
/// column by name with a case-insensitive scan of the row's columns: on an
/// `invoices` row (40 columns) read field by field, that scan was most of
/// the cost of reading an invoice.
struct NamedColumns {
    private let values: [String: DatabaseValue]

    init(_ row: Row) {
        var values: [String: DatabaseValue] = [:]
        values.reserveCapacity(row.count)
        for (name, value) in row where values[name] == nil { values[name] = value }
        self.values = values
    }

    subscript<T: DatabaseValueConvertible>(_ name: String) -> T {
        // The columns are the migration's: a missing or mistyped one is a
        // programming error, as GRDB's own subscript treats it.
        T.fromDatabaseValue(values[name] ?? .null)!
    }

    /// Nil for SQL NULL.
    func optional<T: DatabaseValueConvertible>(_ name: String) -> T? {
        values[name].flatMap { T.fromDatabaseValue($0) }
    }

    func identifier(type: String, value: String) throws -> StructureIdentifier {
        try SQLiteRows.identifier(type: self[type], value: self[value])
    }

    func decimal(_ column: String) throws -> Decimal {
        try SQLiteRows.decimal(text: self[column], column: column)
    }
}

extension SQLiteRows {
    /// A stored decimal ("6400.00"), exact.
    static func decimal(_ row: Row, _ column: String) throws -> Decimal {
        try decimal(text: row[column], column: column)
    }

    static func decimal(text: String, column: String) throws -> Decimal {
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
    static func document(_ columns: NamedColumns, lines: [InvoiceLine], vat: [VATBreakdownRow]) throws -> InvoiceDocument {
        let row = columns
        func code<T: ClosedVocabulary>(_ type: T.Type, _ column: String) throws -> T {
            let text: String = row[column]
            guard let value = T(rawValue: text) else { throw StoreError.corrupt("\(column) \(text)") }
            return value
        }
        let publicID: String = row["public_id"]
        let frameText: String = row["frame"], dateText: String = row["invoice_date"]
        guard let frame = BillingFrame(rawValue: frameText), let date = try date(dateText) else { throw StoreError.corrupt("invoice \(publicID)") }
        let header = InvoiceHeader(
            number: row["number"], date: date, currency: row["currency"], type: try code(InvoiceType.self, "type"),
            vatRegime: try code(VATRegime.self, "vat_type"), paymentMode: try code(PaymentMode.self, "payment_mode"), frame: frame,
            supplier: try row.identifier(type: "supplier_type", value: "supplier_identifier"), supplierService: row["supplier_service"],
            supplierBankAccount: row["bank_account"], recipient: try row.identifier(type: "recipient_type", value: "recipient_identifier"),
            recipientService: row["recipient_service"], engagement: row["engagement"], contract: row["contract"],
            originalInvoice: row["original_invoice"], exemptionReason: row["exemption_reason"], comment: row["comment"]
        )
        let totals = InvoiceTotals(
            lineTotal: try row.decimal("line_total"), totalHT: try row.decimal("total_ht"), totalVAT: try row.decimal("total_vat"),
            totalTTC: try row.decimal("total_ttc"), globalDiscount: try row.decimal("global_discount"), discountReason: row["discount_reason"],
            amountDue: try row.decimal("amount_due")
        )
        return InvoiceDocument(channel: try code(InvoiceDocument.Channel.self, "channel"), header: header, lines: lines, vatBreakdown: vat, totals: totals)
    }

    static func summary(_ raw: Row) throws -> InvoiceSummary {
        let row = NamedColumns(raw)
        let publicID: String = row["public_id"]
        let statusText: String = row["status"], dateText: String = row["invoice_date"]
        guard let status = InvoiceStatus(rawValue: statusText), let date = try date(dateText) else { throw StoreError.corrupt("invoice \(publicID)") }
        return InvoiceSummary(
            id: publicID, number: row["number"], supplier: try row.identifier(type: "supplier_type", value: "supplier_identifier"),
            recipient: try row.identifier(type: "recipient_type", value: "recipient_identifier"), recipientService: row["recipient_service"],
            status: status, date: date, depositedAt: row["deposited_at"], totalHT: try row.decimal("total_ht"),
            totalTTC: try row.decimal("total_ttc"), amountDue: try row.decimal("amount_due"), statusAt: row["status_at"], engagement: row["engagement"]
        )
    }
}
