/// XML's white space (space, tab, CR, LF) trimmed by bytes. Foundation's
/// `trimmingCharacters(in:)` goes through NSString on Linux and cost a
/// quarter of reading a 4 188-line invoice (perf); this is the same result
/// for XML's four characters.
extension String {
    var trimmingXMLWhitespace: String {
        let bytes = utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, Self.isXMLWhitespace(bytes[start]) { start = bytes.index(after: start) }
        while end > start, Self.isXMLWhitespace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        if start == bytes.startIndex, end == bytes.endIndex { return self }
        return String(self[start..<end])
    }

    /// Empty once XML's white space is taken away.
    var isXMLBlank: Bool { utf8.allSatisfy(Self.isXMLWhitespace) }

    static func isXMLWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
