import FacturoDomain
import FacturoFormats
import Foundation

/// UBL and CII files for server tests, made with `StructuredExport` from a
/// typed invoice of ACME to the commune's VOIRIE service (HT 6 550.00,
/// VAT 670.00, TTC 7 220.00).
enum StructuredFixture {
    static func invoice(number: String, supplier: String = InvoiceFixture.acme, recipient: String = InvoiceFixture.commune, service: String = "VOIRIE") throws -> StructuredInvoice {
        let header = InvoiceHeader(
            number: number, date: try CalendarDate("2026-11-30"), supplier: .siret(try Siret(supplier)),
            supplierBankAccount: "FR7630006000011234567890189", recipient: .siret(try Siret(recipient)), recipientService: service
        )
        let lines = [
            try InvoiceLine(designation: "Chaussures de sécurité", quantity: "20", unit: "Pièce", unitPrice: "320.00", vatRate: "10", field: "lines[1]"),
            try InvoiceLine(designation: "Pose", quantity: "3.5", unit: "Heure", unitPrice: "45.00", discount: "7.50", vatRate: "20", field: "lines[2]"),
        ]
        let document = InvoiceDocument.typed(header, lines: lines)
        return StructuredExport.invoice(
            document, supplier: .init(name: "ACME", identifier: header.supplier), recipient: .init(name: "COMMUNE", identifier: header.recipient)
        )
    }

    static func ubl(number: String, supplier: String = InvoiceFixture.acme, service: String = "VOIRIE") throws -> Data {
        UBLWriter.write(try invoice(number: number, supplier: supplier, service: service))
    }

    /// The invoice with `count` lines whose item has no name: BR-25 broken
    /// `count` times (and the totals with it).
    static func unnamedLines(_ count: Int, number: String) throws -> StructuredInvoice {
        var invoice = try invoice(number: number)
        let line = invoice.lines[0]
        invoice.lines = (1...count).map { index in
            var copy = line
            copy.id = String(index)
            copy.itemName = ""
            return copy
        }
        return invoice
    }
}
