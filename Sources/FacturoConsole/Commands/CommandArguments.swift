/// A command's words as its spec parsed them: positional arguments,
/// `--option VALUE` pairs and switches, already checked against the spec
/// (known options only, the right number of positional words, required
/// options present).
public struct CommandArguments: Sendable {
    public private(set) var positional: [String] = []
    public private(set) var options: [String: String] = [:]
    /// Every value of each option, in order, for those given several times
    /// (`--attach A.pdf --attach B.pdf`).
    public private(set) var optionLists: [String: [String]] = [:]
    /// Value-less options (`--pending`) that were given.
    public private(set) var switches: Set<String> = []
    private var names: [String: Int] = [:]

    /// Parses `words` (after the command and sub-command names) for `spec`,
    /// whose `path` (`user create`) the usage errors name.
    public init(_ words: [String], for spec: CommandSpec, path: String) throws(ConsoleError) {
        var index = 0
        var optionsEnded = false
        while index < words.count {
            let word = words[index]
            if optionsEnded {
                positional.append(word)
                index += 1
            } else if word == "--" {
                // As in POSIX tools: what follows is text, even "--x".
                optionsEnded = true
                index += 1
            } else if spec.switches.contains(word) {
                switches.insert(word)
                index += 1
            } else if Self.looksLikeAnOption(word) {
                guard spec.option(word) != nil else {
                    let known = (spec.options.map(\.flag) + spec.switches).sorted()
                    throw .usage("option inconnue : \(word)\(known.isEmpty ? "" : " (options : \(known.joined(separator: ", ")))")")
                }
                guard index + 1 < words.count else { throw .usage("valeur attendue après \(word)") }
                options[word] = words[index + 1]
                optionLists[word, default: []].append(words[index + 1])
                index += 2
            } else {
                positional.append(word)
                index += 1
            }
        }
        guard spec.arity.contains(positional.count) else {
            throw .usage("usage : \(CommandHelp.synopsis(spec, path: path))")
        }
        for option in spec.options where option.isRequired && options[option.flag] == nil {
            throw .usage("\(option.flag) \(option.placeholder) est obligatoire (usage : \(CommandHelp.synopsis(spec, path: path)))")
        }
        for (position, argument) in spec.positionals.enumerated() { names[argument.name] = position }
    }

    /// `--` then a letter: `--limit`, not `---` or `--` (text such as a
    /// notice's "--- maintenance ---" stays text).
    static func looksLikeAnOption(_ word: String) -> Bool {
        word.hasPrefix("--") && word.dropFirst(2).first?.isLetter == true
    }

    /// The value of the positional argument `name` (as the spec names it),
    /// nil when an optional one was not given.
    public subscript(_ name: String) -> String? {
        guard let position = names[name], position < positional.count else { return nil }
        return positional[position]
    }

    /// The words of a variadic argument (the last one), possibly none.
    public func rest(_ name: String) -> [String] {
        guard let position = names[name], position < positional.count else { return [] }
        return Array(positional[position...])
    }

    /// A positional argument the spec makes required: always there once parsed.
    public func required(_ name: String) -> String {
        self[name] ?? ""
    }

    public func option(_ flag: String) -> String? { options[flag] }

    /// Every value given to a repeatable option, possibly none.
    public func values(_ flag: String) -> [String] { optionLists[flag] ?? [] }

    public func has(_ flag: String) -> Bool { switches.contains(flag) }

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
