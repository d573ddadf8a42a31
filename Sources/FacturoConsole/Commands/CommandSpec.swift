/// One console command. The registry of these feeds the parser, `help`,
/// `help COMMAND` and tab completion, so the three can never disagree.
public struct CommandSpec: Sendable {
    public typealias Run = @Sendable (_ arguments: [String], _ context: CommandContext) async throws -> CommandOutput

    public var name: String
    /// e.g. `login [EMAIL]`.
    public var synopsis: String
    /// One line, shown in the `help` list.
    public var summary: String
    /// Longer text for `help COMMAND`: behaviour, examples, error codes.
    public var details: String
    /// Accepted number of words after the name, flags and their values included.
    public var arity: ClosedRange<Int>
    /// `--flag VALUE` options the command accepts (parsing and completion).
    public var flags: [String]
    /// Value-less options (`--pending`): completed as flags, never given a value.
    public var switches: [String]
    /// Values to offer at Tab for the argument or flag value being typed.
    public var complete: (@Sendable (CompletionRequest) -> [String])?
    /// nil for the script language's own statements (`set`, `if`,
    /// `expect`...), which the engine runs itself; listed here so that help
    /// and completion know them.
    public var run: Run?

    public init(
        name: String, synopsis: String, summary: String, details: String = "", arity: ClosedRange<Int> = 0...0,
        flags: [String] = [], switches: [String] = [], complete: (@Sendable (CompletionRequest) -> [String])? = nil, run: Run?
    ) {
        self.name = name
        self.flags = flags
        self.switches = switches
        self.complete = complete
        self.synopsis = synopsis
        self.summary = summary
        self.details = details
        self.arity = arity
        self.run = run
    }
}
