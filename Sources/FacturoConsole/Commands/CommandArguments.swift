/// A command's words split into positional arguments and `--flag VALUE`
/// options, checked against the flags its spec declares.
public struct CommandArguments: Sendable {
    public private(set) var positional: [String] = []
    public private(set) var options: [String: String] = [:]

    public init(_ words: [String], flags: Set<String>) throws(ConsoleError) {
        var index = 0
        while index < words.count {
            let word = words[index]
            if word.hasPrefix("--"), word.count > 2 {
                guard flags.contains(word) else {
                    throw .usage("option inconnue : \(word)\(flags.isEmpty ? "" : " (options : \(flags.sorted().joined(separator: ", ")))")")
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
}
