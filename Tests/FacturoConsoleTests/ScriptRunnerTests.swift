import FacturoClient
@testable import FacturoConsole
import Foundation
import NIOConcurrencyHelpers
import Testing

/// Script behaviour that needs no server: help, unknown commands, usage
/// errors, comments, quit, and FILE:LINE reporting.
@Suite struct ScriptRunnerTests {
    final class Capture: Sendable {
        let out = NIOLockedValueBox("")
        let err = NIOLockedValueBox("")
    }

    func runner(_ capture: Capture, registry: CommandRegistry = Console.registry()) -> ScriptRunner {
        // Port 1 on loopback: nothing listens, and these scripts never connect.
        let session = ConsoleSession(configuration: ClientConfiguration(host: "127.0.0.1", port: 1))
        let context = CommandContext(session: session, registry: registry, passwords: PasswordSource { _ in "x" })
        return ScriptRunner(
            interpreter: Interpreter(context: context, renderer: OutputRenderer(format: .table)),
            write: { text in capture.out.withLockedValue { $0 += text } },
            writeError: { text in capture.err.withLockedValue { $0 += text } }
        )
    }

    @Test func helpListsEveryRegisteredCommand() async {
        let capture = Capture()
        #expect(await runner(capture).run(name: "t", lines: ["help"]) == .finished)
        let out = capture.out.withLockedValue { $0 }
        for name in Console.registry().names {
            #expect(out.contains("  \(name) "), "help lists \(name)")
        }
    }

    @Test func helpForOneCommandShowsSynopsisAndDetails() async {
        let capture = Capture()
        _ = await runner(capture).run(name: "t", lines: ["help login"])
        let out = capture.out.withLockedValue { $0 }
        #expect(out.hasPrefix("login EMAIL\n"))
        #expect(out.contains("AUTH_INVALID_CREDENTIALS"))
    }

    @Test func unknownCommandStopsTheScriptWithFileAndLine() async {
        let capture = Capture()
        let result = await runner(capture).run(name: "demo.fcs", lines: ["# comment", "", "help", "whoam", "help"])
        #expect(result == .failed(.usageOrIO))
        let err = capture.err.withLockedValue { $0 }
        #expect(err.hasPrefix("demo.fcs:4: commande inconnue : whoam"))
        #expect(err.contains("whoami"), "suggests the nearest command")
        #expect(capture.out.withLockedValue { $0 }.components(separatedBy: "Commandes :").count == 2, "the line after the failure never ran")
    }

    @Test func wrongArgumentCountIsAUsageError() async {
        let capture = Capture()
        #expect(await runner(capture).run(name: "s", lines: ["login"]) == .failed(.usageOrIO))
        #expect(capture.err.withLockedValue { $0 } == "s:1: usage : login EMAIL\n")
    }

    @Test func quitEndsTheScript() async {
        let capture = Capture()
        #expect(await runner(capture).run(name: "s", lines: ["quit", "nonsense"]) == .quit)
        #expect(capture.err.withLockedValue { $0 }.isEmpty)
    }

    @Test func connectionFailureIsExitStatusTwo() async {
        let capture = Capture()
        #expect(await runner(capture).run(name: "s", lines: ["ping"]) == .failed(.connectionOrAuth))
        #expect(capture.err.withLockedValue { $0 }.hasPrefix("s:1: cannot connect"))
    }

    @Test func missingScriptFileIsAnIOError() async {
        let capture = Capture()
        #expect(await runner(capture).run(file: "/nonexistent/script.fcs") == .failed(.usageOrIO))
    }

    @Test func completionAndSuggestionsComeFromTheRegistry() {
        let registry = Console.registry()
        #expect(registry.completions(for: "lo") == ["login", "logout"])
        #expect(registry.completions(for: "zz").isEmpty)
        #expect(registry.suggestions(for: "pnig").contains("ping"))
    }
}
