/// One console command, or one sub-command of a group (`user create`).
///
/// The spec says everything about the words a command takes: its
/// sub-commands, positional arguments, options that take a value, switches
/// that do not, and the values Tab offers for each. The engine parses the
/// words from it before calling `run`, and help, completion and the usage
/// errors are generated from it, so the four can never disagree.
public struct CommandSpec: Sendable {
    public typealias Run = @Sendable (_ arguments: CommandArguments, _ context: CommandContext) async throws -> CommandOutput

    /// The word that names it (for a sub-command, the word after its group's).
    public var name: String
    /// One line, shown in `help` lists.
    public var summary: String
    /// Longer text for `help COMMAND`: behaviour, examples, error codes.
    public var details: String
    public var positionals: [Positional]
    public var options: [Option]
    /// Value-less options (`--pending`): completed as options, never given a value.
    public var switches: [String]
    /// The synopsis, for the few commands whose forms exclude each other
    /// (`login EMAIL | login --certificate`); nil: generated from the spec.
    public var usage: String?
    /// A group's sub-commands (`user create`, `user list`...); empty for a leaf.
    public var subcommands: [CommandSpec]
    /// nil for groups (their sub-commands run) and for the script language's
    /// own statements (`set`, `if`, `expect`...), which the engine runs itself
    /// from their words; listed here so that help and completion know them.
    public var run: Run?

    public init(
        name: String, summary: String, details: String = "",
        positionals: [Positional] = [], options: [Option] = [], switches: [String] = [],
        usage: String? = nil, run: Run?
    ) {
        self.usage = usage
        self.name = name
        self.summary = summary
        self.details = details
        self.positionals = positionals
        self.options = options
        self.switches = switches
        self.subcommands = []
        self.run = run
    }

    /// A group: the first word after the name picks one of `subcommands`.
    public init(name: String, summary: String, details: String = "", subcommands: [CommandSpec]) {
        self.init(name: name, summary: summary, details: details, run: nil)
        self.subcommands = subcommands
    }

    public func subcommand(_ name: String) -> CommandSpec? {
        subcommands.first { $0.name == name }
    }

    public func option(_ flag: String) -> Option? {
        options.first { $0.flag == flag }
    }

    /// How many positional words the command accepts.
    public var arity: ClosedRange<Int> {
        let required = positionals.filter { !$0.isOptional }.count
        return required...(positionals.contains { $0.isVariadic } ? Int.max : positionals.count)
    }

    /// A positional argument: `EMAIL`, `[TEXTE]`, `TEXTE...`.
    public struct Positional: Sendable {
        public var name: String
        public var isOptional: Bool
        /// Takes every remaining word (and so comes last).
        public var isVariadic: Bool
        public var values: CompletionSource?

        public init(_ name: String, optional: Bool = false, variadic: Bool = false, values: CompletionSource? = nil) {
            self.name = name
            self.isOptional = optional
            self.isVariadic = variadic
            self.values = values
        }
    }

    /// An option that takes a value: `--limit N`.
    public struct Option: Sendable {
        public var flag: String
        /// What the value is, in the synopsis: `N`, `STRUCTURE`, `oui|non`.
        public var placeholder: String
        public var isRequired: Bool
        public var values: CompletionSource?

        public init(_ flag: String, _ placeholder: String, required: Bool = false, values: CompletionSource? = nil) {
            self.flag = flag
            self.placeholder = placeholder
            self.isRequired = required
            self.values = values
        }
    }
}

/// Values Tab offers for one argument or option value.
public struct CompletionSource: Sendable {
    public var values: @Sendable (CompletionRequest) -> [String]

    public init(_ values: @escaping @Sendable (CompletionRequest) -> [String]) {
        self.values = values
    }

    /// A closed vocabulary.
    public static func fixed(_ words: [String]) -> CompletionSource {
        CompletionSource { _ in words }
    }

    /// `oui` and `non`, for yes/no options.
    public static let yesNo = fixed(["oui", "non"])

    /// Paths on this machine, from the word being typed.
    public static let filePaths = CompletionSource { CompletionValues.filePaths($0.word) }

    /// The structures the logged-in user is attached to (their SIRETs),
    /// where a STRUCTURE is expected.
    public static let myStructures = CompletionSource { _ in KnownStructures.shared.identifiers }
}

/// What a completion source is asked: the words already typed after the
/// command (and sub-command) name, and the partial word being completed.
public struct CompletionRequest: Sendable {
    public var arguments: [String]
    public var word: String

    public init(arguments: [String], word: String) {
        self.arguments = arguments
        self.word = word
    }
}
