/// Splits a command line into words, shell-style.
///
/// Double quotes keep spaces and apostrophes ("CC DU VAL D'ARMANCE"),
/// single quotes keep everything literally, a backslash escapes the next
/// character outside single quotes, and `#` starts a comment at the start
/// of a word.
public enum LineTokenizer {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public static func split(_ line: String) throws(Failure) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaping = false

        for character in line {
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
            case ("\"", _):
                current.append(character)
            case (nil, "'"), (nil, "\""):
                quote = character
                inWord = true
            case (nil, "#") where !inWord:
                return finish(words, current, inWord)
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
        if escaping { throw Failure(message: "backslash at end of line") }
        if let quote { throw Failure(message: "unterminated \(quote) quote") }
        return finish(words, current, inWord)
    }

    private static func finish(_ words: [String], _ current: String, _ inWord: Bool) -> [String] {
        inWord ? words + [current] : words
    }
}
