import Foundation

/// Turns a `CommandOutput` into text in the chosen format.
public struct OutputRenderer: Sendable {
    public var format: OutputFormat

    public init(format: OutputFormat) {
        self.format = format
    }

    /// The text to print, ending with a newline, or "" for nothing.
    public func render(_ output: CommandOutput) -> String {
        switch (output, format) {
        case (.none, _):
            return ""
        case let (.annotated(inner, note), .table):
            return render(inner) + note + "\n"
        case let (.annotated(inner, _), _):
            return render(inner)
        case let (.message(text), .json), let (.message(text), .ndjson):
            return json(["message": text]) + "\n"
        case let (.message(text), _), let (.notice(text), _):
            return text + "\n"
        case let (.record(fields), .table):
            let width = fields.map(\.name.count).max() ?? 0
            return fields.map { $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + " : " + FrenchNumberFormat.format($0.value) + "\n" }.joined()
        case let (.record(fields), .json), let (.record(fields), .ndjson):
            return jsonObject(fields) + "\n"
        case let (.record(fields), .csv):
            return csvLine(fields.map(\.name)) + csvLine(fields.map(\.value))
        case let (.table(columns, rows), .table):
            return alignedTable(columns: columns, rows: rows.map { $0.map(FrenchNumberFormat.format) })
        case let (.table(columns, rows), .json):
            let objects = rows.map { row in jsonObject(zip(columns, row).map { CommandOutput.Field($0, $1) }) }
            return "[" + objects.joined(separator: ",") + "]\n"
        case let (.table(columns, rows), .ndjson):
            return rows.map { row in jsonObject(zip(columns, row).map { CommandOutput.Field($0, $1) }) + "\n" }.joined()
        case let (.table(columns, rows), .csv):
            return csvLine(columns) + rows.map(csvLine).joined()
        }
    }

    private func alignedTable(columns: [String], rows: [[String]]) -> String {
        var widths = columns.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: " | ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-") + "\n"
        let footer = "(\(rows.count) \(rows.count == 1 ? "ligne" : "lignes"))\n"
        return line(columns) + rule + rows.map(line).joined() + footer
    }

    private func csvLine(_ cells: [String]) -> String {
        cells.map { cell in
            cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == ";" })
                ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                : cell
        }.joined(separator: ",") + "\n"
    }

    private func jsonObject(_ fields: [CommandOutput.Field]) -> String {
        "{" + fields.map { "\(jsonString($0.name)):\(jsonString($0.value))" }.joined(separator: ",") + "}"
    }

    private func json(_ dictionary: [String: String]) -> String {
        jsonObject(dictionary.sorted { $0.key < $1.key }.map { CommandOutput.Field($0.key, $0.value) })
    }

    private func jsonString(_ text: String) -> String {
        // JSONEncoder on a String gives correct escaping for every character.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = (try? encoder.encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
