import FacturoDomain

/// What the reader refuses before the XML parser sees a byte: anything but
/// UTF-8, and any document type declaration. A DTD is where entities are
/// declared, so without one there is no external entity to fetch (XXE) and
/// no entity to expand a billion times; EN 16931 invoices never carry one.
/// Scanning the prolog is enough: a DOCTYPE may only come before the root
/// element, and UTF-8 alone means `<!DOCTYPE` cannot hide in another
/// encoding's bytes.
enum XMLPrologCheck {
    static func check(_ bytes: UnsafeRawBufferPointer) throws(DomainError) {
        let count = bytes.count
        var index = 0
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        if count >= 2, (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) || bytes[0] == 0 || bytes[1] == 0 {
            throw refusal(line: 1, "encodage UTF-16 ou UTF-32 : seuls les fichiers UTF-8 sont lus")
        }
        var line = 1
        func matches(_ literal: String, at position: Int) -> Bool {
            let utf8 = Array(literal.utf8)
            guard position + utf8.count <= count else { return false }
            for (offset, byte) in utf8.enumerated() where bytes[position + offset] != byte { return false }
            return true
        }
        func skip(to terminator: String, from position: Int) throws(DomainError) -> Int {
            var cursor = position
            while cursor < count {
                if bytes[cursor] == UInt8(ascii: "\n") { line += 1 }
                if matches(terminator, at: cursor) { return cursor + terminator.utf8.count }
                cursor += 1
            }
            throw refusal(line: line, "fin de fichier dans le prologue (\(terminator) attendu)")
        }
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") { line += 1; index += 1; continue }
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") { index += 1; continue }
            // Anything else first (text, or another encoding's bytes such as
            // EBCDIC's, where `<!DOCTYPE` would not be seen) is refused here.
            guard byte == UInt8(ascii: "<") else {
                throw refusal(line: line, "contenu avant l'élément racine, ou fichier qui n'est pas en UTF-8")
            }
            if matches("<?xml", at: index) {
                let end = try skip(to: "?>", from: index)
                try checkDeclaration(bytes, from: index, to: end, line: line)
                index = end
            } else if matches("<?", at: index) {
                index = try skip(to: "?>", from: index + 2)
            } else if matches("<!--", at: index) {
                index = try skip(to: "-->", from: index + 4)
            } else if matches("<!", at: index) {
                throw refusal(line: line, "déclaration de type de document (DOCTYPE, DTD ou entité) refusée : une facture EN 16931 n'en porte pas")
            } else {
                return // the root element
            }
        }
    }

    /// `encoding="…"` of the XML declaration: absent or UTF-8.
    private static func checkDeclaration(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, line: Int) throws(DomainError) {
        let declaration = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return }
        // XML's Eq: `=` with any of its four white space characters around it.
        let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return }
        let name = rest.dropFirst().prefix { $0 != quote }
        if name.lowercased() != "utf-8" {
            throw refusal(line: line, "encodage déclaré \(String(name).quotedForMessage) : seuls les fichiers UTF-8 sont lus")
        }
    }

    static func refusal(line: Int, column: Int = 1, _ message: String) -> DomainError {
        DomainError(.invalidXML, "ligne \(line), colonne \(column) : \(message)")
    }
}
