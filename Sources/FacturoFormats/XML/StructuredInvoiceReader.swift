import FacturoDomain
import Foundation

/// Reads a UBL 2.1 or CII D16B file into a `StructuredInvoice`, the syntax
/// told by the root element. Refusals: `INVALID_XML` (not well-formed, DTD,
/// encoding, depth, bad base64 — with line and column), `UNSUPPORTED_FORMAT`
/// (another root), `ATTACHMENT_TOO_LARGE` (the file or its embedded files
/// over `XMLLimits`). What the file says is not judged here: `EN16931Rules`
/// does that on the result.
public enum StructuredInvoiceReader {
    public struct Result: Sendable, Equatable {
        public var invoice: StructuredInvoice
        public var syntax: StructuredSyntax
    }

    public static func read(_ data: Data, limits: XMLLimits = .standard) throws(DomainError) -> Result {
        let reader = XMLPathReader(limits: limits, prefixes: UBLNames.prefixes.merging(CIINames.prefixes) { first, _ in first }) { namespace, name in
            switch (namespace, name) {
            case (UBLNames.invoice, "Invoice"): UBLReadHandler(creditNote: false, limits: limits)
            case (UBLNames.creditNote, "CreditNote"): UBLReadHandler(creditNote: true, limits: limits)
            case (CIINames.invoice, "CrossIndustryInvoice"): CIIReadHandler(limits: limits)
            default: nil
            }
        }
        // The factory makes only these two.
        let handler = try reader.read(data) as! InvoiceReadHandler
        if let error = handler.attachmentError { throw error }
        return Result(invoice: handler.invoice, syntax: handler is UBLReadHandler ? .ubl : .cii)
    }
}
