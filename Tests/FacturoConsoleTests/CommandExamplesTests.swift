@testable import FacturoConsole
import Testing

/// `help` promises an example for every command and sub-command: each
/// runnable one has one, and it parses with that command's spec.
@Suite struct CommandExamplesTests {
    static func leaves(_ spec: CommandSpec, path: String) -> [(String, CommandSpec)] {
        spec.subcommands.isEmpty ? [(path, spec)] : spec.subcommands.flatMap { leaves($0, path: path + " " + $0.name) }
    }

    static let runnable: [(String, CommandSpec)] = {
        let registry = Console.registry()
        return registry.names.flatMap { leaves(registry[$0]!, path: $0) }.filter { $0.1.run != nil }
    }()

    @Test func everyRunnableCommandHasAnExampleThatParses() throws {
        let missing = Self.runnable.map(\.0).filter { CommandExamples.byPath[$0] == nil }
        #expect(missing.isEmpty, "no example for: \(missing.joined(separator: ", "))")
        for (path, spec) in Self.runnable {
            guard let example = CommandExamples.byPath[path] else { continue }
            let words = try LineTokenizer.split(example)
            let pathWords = path.split(separator: " ").map(String.init)
            #expect(Array(words.prefix(pathWords.count)) == pathWords, "\(example) starts with \(path)")
            #expect(throws: Never.self, "\(example)") { _ = try CommandArguments(Array(words.dropFirst(pathWords.count)), for: spec, path: path) }
        }
        #expect(Set(CommandExamples.byPath.keys).isSubset(of: Set(Self.runnable.map(\.0))), "examples only for commands that exist")
    }

    @Test func helpShowsTheExamples() {
        let help = CommandHelp.text(Console.registry()["user"]!, path: "user")
        #expect(help.contains(CommandExamples.byPath["user create"] ?? "—"))
    }
}
