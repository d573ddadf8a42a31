import FacturoDomain

/// What the reader refuses in the tags before the XML parser sees them: a
/// start tag with more than `maximumAttributes` attributes, and more than
/// `maximumNamespaceDeclarations` namespace declarations in the file.
/// libxml2 (2.9, Debian 12's, under Foundation's XMLParser) checks each
/// attribute of a tag against every earlier one, and looks a prefix up
/// through every declaration in scope: a 10 MiB tag of a million
/// attributes would take minutes of one core before the parser's delegate,
/// and so the depth limit, hears of it. An invoice's tags carry a few
/// attributes (currencyID, schemeID…) and its root a dozen declarations.
///
/// A byte scan, linear: outside tags nothing but `<` matters (it cannot
/// appear raw in text or in an attribute value), comments, CDATA sections
/// and processing instructions are skipped whole, and inside a tag an `=`
/// outside quotes is an attribute. A file the scan misreads is malformed,
/// and the parser refuses it after.
enum XMLTagCheck {
    static let maximumAttributes = 64
    static let maximumNamespaceDeclarations = 128

    static func check(_ bytes: UnsafeRawBufferPointer) throws(DomainError) {
        let count = bytes.count
        let less = UInt8(ascii: "<"), greater = UInt8(ascii: ">"), equal = UInt8(ascii: "=")
        let newline = UInt8(ascii: "\n"), doubleQuote = UInt8(ascii: "\""), singleQuote = UInt8(ascii: "'")
        var line = 1
        var declarations = 0
        var index = 0
        func matches(_ literal: StaticString, at position: Int) -> Bool {
            let length = literal.utf8CodeUnitCount
            guard position + length <= count else { return false }
            let start = literal.utf8Start
            for offset in 0..<length where bytes[position + offset] != start[offset] { return false }
            return true
        }
        /// Past `terminator`, counting lines; the end of the file when absent.
        func skip(to terminator: StaticString, from position: Int) -> Int {
            var cursor = position
            while cursor < count {
                if bytes[cursor] == newline { line += 1 }
                if matches(terminator, at: cursor) { return cursor + terminator.utf8CodeUnitCount }
                cursor += 1
            }
            return count
        }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while index < count {
            let byte = bytes[index]
            if byte == newline { line += 1 }
            guard byte == less else { index += 1; continue }
            if matches("<!--", at: index) { index = skip(to: "-->", from: index + 4); continue }
            if matches("<![CDATA[", at: index) { index = skip(to: "]]>", from: index + 9); continue }
            if matches("<?", at: index) || matches("<!", at: index) { index = skip(to: ">", from: index + 2); continue }
            // A tag: its attributes up to the `>` outside quotes.
            let tagLine = line
            var attributes = 0
            // -1: in the element's name or after a value; -2: between
            // attributes; else where the attribute's name begins.
            var nameStart = -1
            var quote: UInt8 = 0
            index += 1
            while index < count {
                let byte = bytes[index]
                if byte == newline { line += 1 }
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == doubleQuote || byte == singleQuote {
                    quote = byte
                } else if byte == greater || byte == less {
                    break
                } else if byte == equal {
                    attributes += 1
                    if attributes > maximumAttributes {
                        throw XMLPrologCheck.refusal(line: tagLine, "plus de \(maximumAttributes) attributs dans une balise")
                    }
                    if nameStart >= 0, matches("xmlns", at: nameStart) {
                        declarations += 1
                        if declarations > maximumNamespaceDeclarations {
                            throw XMLPrologCheck.refusal(line: tagLine, "plus de \(maximumNamespaceDeclarations) déclarations d'espace de noms (xmlns) dans le fichier")
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
                index += 1
            }
            if index < count, bytes[index] == greater { index += 1 }
        }
    }
}
