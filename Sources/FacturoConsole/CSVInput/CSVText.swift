import Foundation

/// What the console needs around CSV files besides reading records: the
/// text of a file that must be UTF-8 (with a hint when it is not), and
/// writing a CSV back (the rejection report).
public enum CSVText {
    /// `data` as text, a BOM dropped; a file that is not UTF-8 (Latin-1 or
    /// Windows-1252 from a French spreadsheet, mostly) is refused with the
    /// line of its first bad byte and how to convert it.
    public static func decode(_ data: Data, name: String) throws(ConsoleError) -> String {
        guard var text = String(validating: data, as: UTF8.self) else {
            throw .usage("""
                \(name):\(lineOfFirstInvalidByte(data)) : ce fichier n'est pas en UTF-8 (probablement Latin-1 ou \
                Windows-1252, l'encodage par défaut des tableurs). Convertissez-le : \
                iconv -f WINDOWS-1252 -t UTF-8 \(name) > converti.csv, ou, dans le tableur, \
                « Enregistrer sous » → « CSV UTF-8 ».
                """)
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    /// The 1-based line holding the first byte that breaks UTF-8.
    static func lineOfFirstInvalidByte(_ data: Data) -> Int {
        let bytes = [UInt8](data)
        var line = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length = byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
            guard length > 0, index + length <= bytes.count,
                  String(validating: bytes[index..<index + length], as: UTF8.self) != nil else { return line }
            if byte == UInt8(ascii: "\n") { line += 1 }
            index += length
        }
        return line
    }

    /// One CSV line (RFC 4180): fields quoted when they hold the separator,
    /// a quote or a line break, quotes doubled.
    public static func line(_ fields: [String], separator: Character) -> String {
        fields.map { field in
            guard field.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: String(separator)) + "\n"
    }
}
