/// A command's words split into positional arguments and `--flag VALUE`
/// options, checked against the flags its spec declares.
public struct CommandArguments: Sendable {
    public private(set) var positional: [String] = []
    public private(set) var options: [String: String] = [:]
    /// Value-less options (`--pending`) that were given.
    public private(set) var switches: Set<String> = []

    /// `switches` take no value; every other declared flag takes one.
    public init(_ words: [String], flags: Set<String>, switches allowedSwitches: Set<String> = []) throws(ConsoleError) {
        var index = 0
        while index < words.count {
            let word = words[index]
            if allowedSwitches.contains(word) {
                switches.insert(word)
                index += 1
            } else if word.hasPrefix("--"), word.count > 2 {
                guard flags.contains(word) else {
                    let known = flags.union(allowedSwitches)
                    throw .usage("option inconnue : \(word)\(known.isEmpty ? "" : " (options : \(known.sorted().joined(separator: ", ")))")")
                }
                guard index + 1 < words.count else { throw .usage("valeur attendue après \(word)") }
                options[word] = words[index + 1]
                index += 2
            } else {
                positional.append(word)
                index += 1
            }
        }
    }

    /// A `oui`/`non` option, nil when absent.
    public func yesNo(_ flag: String) throws(ConsoleError) -> Bool? {
        guard let text = options[flag] else { return nil }
        switch text.lowercased() {
        case "oui", "yes", "true", "1", "o", "y": return true
        case "non", "no", "false", "0", "n": return false
        default: throw .usage("\(flag) attend oui ou non, pas « \(text) »")
        }
    }

    /// A non-negative integer option, nil when absent.
    public func count(_ flag: String) throws(ConsoleError) -> Int? {
        guard let text = options[flag] else { return nil }
        guard let value = Int(text), value >= 0 else { throw .usage("\(flag) attend un entier positif, pas « \(text) »") }
        return value
    }
}
