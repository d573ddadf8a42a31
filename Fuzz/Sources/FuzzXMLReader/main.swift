import FacturoDomain
import FacturoFormats
import Foundation

/// Any bytes as a structured invoice: read into the model or refused with
/// one of the reader's codes; what reads is checked by every rule, written
/// in both syntaxes, and reads back the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXMLReader(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let limits = XMLLimits(maximumFileBytes: 1 << 20, maximumAttachmentBytes: 1 << 20, maximumDepth: 48)
    do {
        let read = try StructuredInvoiceReader.read(data, limits: limits)
        _ = EN16931Rules.check(read.invoice)
        for written in [UBLWriter.write(read.invoice), CIIWriter.write(read.invoice)] {
            let again = try StructuredInvoiceReader.read(written, limits: XMLLimits(maximumFileBytes: 8 << 20, maximumAttachmentBytes: 1 << 20))
            precondition(again.invoice == read.invoice, "a written invoice reads back the same")
        }
    } catch {
        precondition(["INVALID_XML", "UNSUPPORTED_FORMAT", "ATTACHMENT_TOO_LARGE"].contains(error.code.rawValue), "a coded refusal: \(error.code)")
    }
    return 0
}
