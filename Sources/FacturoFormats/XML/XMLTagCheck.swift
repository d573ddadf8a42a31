import FacturoDomain

/// What the reader refuses in the tags before the XML parser sees them: a
/// start tag with more than `maximumAttributes` attributes, and more than
/// `maximumNamespaceDeclarations` namespace declarations in scope at once
/// (those of the open elements and of the tag).
/// libxml2 (2.9, Debian 12's, under Foundation's XMLParser) checks each
/// attribute of a tag against every earlier one, and looks a prefix up
/// through every declaration in scope: a 10 MiB tag of a million
/// attributes would take minutes of one core before the parser's delegate,
/// and so the depth limit, hears of it. An invoice's tags carry a few
/// attributes (currencyID, schemeID…) and its root a dozen declarations.
///
/// A byte scan, linear: outside tags nothing but `<` matters (it cannot
/// appear raw in text or in an attribute value), comments, CDATA sections
/// and processing instructions are skipped whole (to `-->`, `]]>`, `?>`),
/// and inside a tag an `=` outside quotes is an attribute; an end tag
/// closes the scope of its start tag's declarations. A file the scan
/// misreads is malformed, and the parser refuses it after.
enum XMLTagCheck {
    static let maximumAttributes = 64
    static let maximumNamespaceDeclarations = 128

    static func check(_ bytes: UnsafeRawBufferPointer) throws(DomainError) {
        let count = bytes.count
        let less = UInt8(ascii: "<"), greater = UInt8(ascii: ">"), equal = UInt8(ascii: "="), slash = UInt8(ascii: "/")
        let newline = UInt8(ascii: "\n"), doubleQuote = UInt8(ascii: "\""), singleQuote = UInt8(ascii: "'"), colon = UInt8(ascii: ":")
        var line = 1
        var lineStart = 0
        // The declarations of each open element, and their sum.
        var scopes: [Int] = []
        var inScope = 0
        var index = 0
        func matches(_ literal: StaticString, at position: Int) -> Bool {
            let length = literal.utf8CodeUnitCount
            guard position + length <= count else { return false }
            let start = literal.utf8Start
            for offset in 0..<length where bytes[position + offset] != start[offset] { return false }
            return true
        }
        func newLine(at position: Int) {
            line += 1
            lineStart = position + 1
        }
        /// Past `terminator`, counting lines; the end of the file when absent.
        func skip(to terminator: StaticString, from position: Int) -> Int {
            var cursor = position
            while cursor < count {
                if bytes[cursor] == newline { newLine(at: cursor) }
                if matches(terminator, at: cursor) { return cursor + terminator.utf8CodeUnitCount }
                cursor += 1
            }
            return count
        }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        /// `xmlns` or `xmlns:prefix` begins at `position`.
        func isDeclaration(at position: Int) -> Bool {
            guard matches("xmlns", at: position) else { return false }
            let next = position + 5
            return next >= count || bytes[next] == colon || bytes[next] == equal || isSpace(bytes[next])
        }
        while index < count {
            let byte = bytes[index]
            if byte == newline { newLine(at: index) }
            guard byte == less else { index += 1; continue }
            if matches("<!--", at: index) { index = skip(to: "-->", from: index + 4); continue }
            if matches("<![CDATA[", at: index) { index = skip(to: "]]>", from: index + 9); continue }
            if matches("<?", at: index) { index = skip(to: "?>", from: index + 2); continue }
            if matches("<!", at: index) { index = skip(to: ">", from: index + 2); continue }
            if matches("</", at: index) {
                inScope -= scopes.popLast() ?? 0
                index = skip(to: ">", from: index + 2)
                continue
            }
            // A start tag: its attributes up to the `>` outside quotes.
            let tagLine = line
            let tagColumn = index - lineStart + 1
            var attributes = 0
            var declarations = 0
            var last: UInt8 = 0
            // -1: in the element's name or after a value; -2: between
            // attributes; else where the attribute's name begins.
            var nameStart = -1
            var quote: UInt8 = 0
            index += 1
            while index < count {
                let byte = bytes[index]
                if byte == newline { newLine(at: index) }
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == doubleQuote || byte == singleQuote {
                    quote = byte
                } else if byte == greater || byte == less {
                    break
                } else if byte == equal {
                    attributes += 1
                    if attributes > maximumAttributes {
                        throw XMLPrologCheck.refusal(line: tagLine, column: tagColumn, "plus de \(maximumAttributes) attributs dans une balise")
                    }
                    if nameStart >= 0, isDeclaration(at: nameStart) {
                        declarations += 1
                        if inScope + declarations > maximumNamespaceDeclarations {
                            throw XMLPrologCheck.refusal(
                                line: tagLine, column: tagColumn, "plus de \(maximumNamespaceDeclarations) déclarations d'espace de noms (xmlns) en vigueur à la fois"
                            )
                        }
                    }
                    nameStart = -1
                } else if isSpace(byte) {
                    // After the element's name or a value, the next
                    // non-space byte begins an attribute's name.
                    if nameStart == -1 { nameStart = -2 }
                } else if nameStart == -2 {
                    nameStart = index
                }
                if quote == 0, !isSpace(byte) { last = byte }
                index += 1
            }
            if index < count, bytes[index] == greater {
                index += 1
                // A self-closing tag's declarations end with it.
                if last != slash {
                    scopes.append(declarations)
                    inScope += declarations
                }
            }
        }
    }
}
