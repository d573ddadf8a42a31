/// Splits CSV text into records, as RFC 4180 describes (quoted fields with
/// doubled quotes and line breaks inside), with `;` or `,` as separator.
///
/// Written here because no kept Swift library in our set parses CSV; it is
/// a small, pure tokenizer, tested on its own. It reads the whole text the
/// caller gives it, record by record, so a caller can stream chunks.
public struct CSVReader: Sendable {
    public struct Record: Sendable, Equatable {
        /// 1-based line where the record starts, for error reports.
        public var line: Int
        public var fields: [String]
    }

    public let separator: Character

    public init(separator: Character) {
        self.separator = separator
    }

    /// `;` when the header holds more semicolons than commas (French
    /// spreadsheets), otherwise `,`.
    public static func detectSeparator(headerLine: Substring) -> Character {
        headerLine.filter { $0 == ";" }.count > headerLine.filter { $0 == "," }.count ? ";" : ","
    }

    public enum Failure: Error, Equatable {
        case unterminatedQuote(line: Int)
    }

    /// Every record of `text`; blank lines are skipped.
    public func records(_ text: String) throws(Failure) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var fieldWasQuoted = false
        var iterator = text.makeIterator()
        var pending: Character? = nil

        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            field = ""
            fieldWasQuoted = false
        }

        while let character = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty:
                inQuotes = true
                fieldWasQuoted = true
            case separator:
                fields.append(field)
                field = ""
                fieldWasQuoted = false
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(character)
            }
        }
        if inQuotes { throw .unterminatedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }
}
