/// Tab completion from the command registry: command names for the first
/// word, then per command its sub-commands, its `--flags`, and the values
/// its completion hook offers for the argument at hand (statuses, reasons,
/// SIRETs... as domain commands plug theirs in).
public struct Completer: Sendable {
    public var registry: CommandRegistry
    public var extraWords: [String]

    public init(registry: CommandRegistry, extraWords: [String] = []) {
        self.registry = registry
        self.extraWords = extraWords
    }

    /// Candidates for `word`, which starts at `start` in `line`.
    public func candidates(line: String, start: Int, word: String) -> [String] {
        let before = String(line.prefix(start))
        let previous = before.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let command = previous.first else {
            return (registry.names + extraWords).filter { $0.hasPrefix(word) }.sorted()
        }
        guard let spec = registry[command] else { return [] }
        let arguments = Array(previous.dropFirst())
        if let last = arguments.last, spec.flags.contains(last) {
            return (spec.complete?(CompletionRequest(arguments: arguments, flag: last, word: word)) ?? []).filter { $0.hasPrefix(word) }
        }
        if word.hasPrefix("-") {
            return (spec.flags + spec.switches).sorted().filter { $0.hasPrefix(word) && !arguments.contains($0) }
        }
        var values = spec.complete?(CompletionRequest(arguments: arguments, flag: nil, word: word)) ?? []
        if command == "help", arguments.isEmpty { values = registry.names }
        return values.filter { $0.hasPrefix(word) }
    }
}

/// What a command's completion hook is asked: the words already typed
/// after the command name, and the flag whose value is being typed, if any.
public struct CompletionRequest: Sendable {
    public var arguments: [String]
    public var flag: String?
    /// The partial word being completed (hooks that list files need it).
    public var word: String
}
