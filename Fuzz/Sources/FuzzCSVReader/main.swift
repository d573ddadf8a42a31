import FacturoConsole

/// Any text as a directory import file: records or a coded failure, with
/// either separator, and the separator detection on its first line.
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
    return 0
}
