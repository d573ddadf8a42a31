import FacturoDomain

/// Any text as a directory import file: records or a coded failure, with
/// either separator, and the separator detection on its first line; then
/// as a flow's factures.csv: rows or a coded refusal, never more than 500.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVReader(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    let separator = CSVReader.detectSeparator(headerLine: text.prefix { $0 != "\n" })
    for reader in [CSVReader(separator: separator), CSVReader(separator: ",")] {
        guard let records = try? reader.records(text) else { continue }
        var previous = 0
        for record in records {
            precondition(record.line > previous, "line numbers go forward")
            previous = record.line
        }
    }
    do {
        let manifest = try FlowManifest(parsing: text)
        precondition(!manifest.rows.isEmpty && manifest.rows.count <= FlowManifest.maximumInvoices, "a flow holds 1 to 500 invoices")
    } catch {
        precondition(["INVALID_FLOW", "FLOW_TOO_LARGE"].contains(error.code.rawValue), "a coded refusal")
    }
    return 0
}
