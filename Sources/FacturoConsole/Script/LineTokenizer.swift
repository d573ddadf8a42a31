/// Splits a command line into words, shell-style, expanding variables.
///
/// Double quotes keep spaces and apostrophes ("CC DU VAL D'ARMANCE"),
/// single quotes keep everything literally, a backslash escapes the next
/// character outside single quotes, and `#` starts a comment at the start
/// of a word. Outside single quotes, `$NAME`, `${NAME}` and
/// `${NAME:-default}` are replaced by the variable's value; a value is
/// never split into several words, spaces or not.
public enum LineTokenizer {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Splits without expanding: `$` is an ordinary character.
    public static func split(_ line: String) throws(Failure) -> [String] {
        try split(line, lookup: nil)
    }

    /// Splits and expands with `variables`; an unset variable without a
    /// default is an error rather than an empty string, so a typo never
    /// silently sends an empty value to the server.
    public static func split(_ line: String, variables: Variables) throws(Failure) -> [String] {
        try split(line) { variables[$0] }
    }

    static func split(_ line: String, lookup: ((String) -> String?)?) throws(Failure) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaping = false
        let characters = Array(line)
        var index = 0

        while index < characters.count {
            let character = characters[index]
            index += 1
            if escaping {
                current.append(character)
                escaping = false
                continue
            }
            switch (quote, character) {
            case ("'", "'"), ("\"", "\""):
                quote = nil
            case ("'", _):
                current.append(character)
            case ("\"", "\\"), (nil, "\\"):
                escaping = true
                inWord = true
            case (_, "$") where lookup != nil:
                let (value, consumed) = try expand(characters, from: index, lookup: lookup!)
                current += value
                index += consumed
                inWord = true
            case ("\"", _):
                current.append(character)
            case (nil, "'"), (nil, "\""):
                quote = character
                inWord = true
            case (nil, "#") where !inWord:
                return inWord ? words + [current] : words
            case (nil, _) where character.isWhitespace:
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            default:
                current.append(character)
                inWord = true
            }
        }
        if escaping { throw Failure(message: "barre oblique inverse en fin de ligne") }
        if let quote { throw Failure(message: "guillemet \(quote) non fermé") }
        return inWord ? words + [current] : words
    }

    /// Expands the reference starting after a `$` at `start`; returns the
    /// value and how many characters it used. A `$` not followed by a name
    /// or a brace stays a literal `$`.
    private static func expand(_ characters: [Character], from start: Int, lookup: (String) -> String?) throws(Failure) -> (String, Int) {
        guard start < characters.count else { return ("$", 0) }
        if characters[start] == "{" {
            guard let close = characters[start...].firstIndex(of: "}") else {
                throw Failure(message: "accolade non fermée après $")
            }
            let body = String(characters[(start + 1)..<close])
            let parts = body.components(separatedBy: ":-")
            let name = parts[0]
            guard Variables.isValidName(name) else { throw Failure(message: "nom de variable invalide : ${\(body)}") }
            if let value = lookup(name), !(parts.count > 1 && value.isEmpty) { return (value, close - start + 1) }
            if parts.count > 1 { return (parts.dropFirst().joined(separator: ":-"), close - start + 1) }
            throw Failure(message: "variable non définie : \(name)")
        }
        var end = start
        while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" || characters[end] == "." {
            end += 1
        }
        // A trailing dot ends a sentence, not a name: "$inv.id." is inv.id.
        while end > start, characters[end - 1] == "." { end -= 1 }
        let name = String(characters[start..<end])
        guard !name.isEmpty, Variables.isValidName(name) else { return ("$", 0) }
        guard let value = lookup(name) else { throw Failure(message: "variable non définie : \(name)") }
        return (value, end - start)
    }
}

import Foundation
