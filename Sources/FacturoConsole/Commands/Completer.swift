/// Tab completion from the command table: command names for the first
/// word, then a group's sub-commands, a command's options and switches, and
/// the values its spec offers for the argument or option value at hand
/// (applications, roles, event kinds, files...).
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
        if command == "help" { return helpCandidates(Array(previous.dropFirst()), word: word) }
        guard var spec = registry[command] else { return [] }
        var arguments = Array(previous.dropFirst())
        while !spec.subcommands.isEmpty {
            guard let first = arguments.first else { return spec.subcommands.map(\.name).filter { $0.hasPrefix(word) } }
            guard let sub = spec.subcommand(first) else { return [] }
            spec = sub
            arguments.removeFirst()
        }
        let request = CompletionRequest(arguments: arguments, word: word)
        if let last = arguments.last, let option = spec.option(last) {
            return (option.values?.values(request) ?? []).filter { $0.hasPrefix(word) }
        }
        if word.hasPrefix("-") {
            return (spec.options.map(\.flag) + spec.switches).sorted().filter { $0.hasPrefix(word) && !arguments.contains($0) }
        }
        let position = Self.positionalCount(arguments, spec: spec)
        let argument = position < spec.positionals.count ? spec.positionals[position] : spec.positionals.last.flatMap { $0.isVariadic ? $0 : nil }
        return (argument?.values?.values(request) ?? []).filter { $0.hasPrefix(word) }
    }

    /// `help`, `help COMMAND`, `help COMMAND SUB`.
    private func helpCandidates(_ arguments: [String], word: String) -> [String] {
        guard let name = arguments.first else { return registry.names.filter { $0.hasPrefix(word) } }
        guard var spec = registry[name] else { return [] }
        for sub in arguments.dropFirst() {
            guard let next = spec.subcommand(sub) else { return [] }
            spec = next
        }
        return spec.subcommands.map(\.name).filter { $0.hasPrefix(word) }
    }

    /// How many positional words are among `arguments` (option values and
    /// switches left out).
    static func positionalCount(_ arguments: [String], spec: CommandSpec) -> Int {
        var count = 0
        var index = 0
        while index < arguments.count {
            if spec.option(arguments[index]) != nil {
                index += 2
            } else {
                if !spec.switches.contains(arguments[index]) { count += 1 }
                index += 1
            }
        }
        return count
    }
}
