/// Runs command lines against the registry. Shared by the REPL, `-c` and
/// script files, so a command behaves the same whichever way it is typed.
public struct Interpreter: Sendable {
    public var context: CommandContext
    public var renderer: OutputRenderer

    public init(context: CommandContext, renderer: OutputRenderer) {
        self.context = context
        self.renderer = renderer
    }

    public enum LineResult: Equatable, Sendable {
        /// Blank line or comment.
        case nothing
        case output(String)
        case quit
    }

    public func execute(_ line: String) async throws(ConsoleError) -> LineResult {
        let words: [String]
        do {
            words = try LineTokenizer.split(line)
        } catch {
            throw .usage(error.message)
        }
        guard let name = words.first else { return .nothing }
        if name == "quit" || name == "exit" || name == "\\q" { return .quit }
        guard let spec = context.registry[name] else {
            throw .unknownCommand(name, registry: context.registry)
        }
        let arguments = Array(words.dropFirst())
        guard spec.arity.contains(arguments.count) else {
            throw .usage("usage : \(spec.synopsis)")
        }
        do {
            return .output(renderer.render(try await spec.run(arguments, context)))
        } catch {
            throw ConsoleError.from(error)
        }
    }
}
