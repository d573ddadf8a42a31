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
    /// Accepted number of arguments.
    public var arity: ClosedRange<Int>
    public var run: Run

    public init(name: String, synopsis: String, summary: String, details: String = "", arity: ClosedRange<Int> = 0...0, run: @escaping Run) {
        self.name = name
        self.synopsis = synopsis
        self.summary = summary
        self.details = details
        self.arity = arity
        self.run = run
    }
}
