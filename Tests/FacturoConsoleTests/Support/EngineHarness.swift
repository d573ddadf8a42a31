import FacturoClient
@testable import FacturoConsole
import FacturoWire
import Foundation
import NIOConcurrencyHelpers

/// A script engine with the real language and registry plus a few fake
/// commands, writing into strings: no server needed.
final class EngineHarness: Sendable {
    let out = NIOLockedValueBox("")
    let err = NIOLockedValueBox("")

    var stdout: String { out.withLockedValue { $0 } }
    var stderr: String { err.withLockedValue { $0 } }

    /// `invoice-show` gives a record, `invoice-list N` a table of N rows,
    /// `refuse CODE` fails with that server code, `say TEXT` a message.
    static let fakeCommands: [CommandSpec] = [
        CommandSpec(name: "invoice-show", summary: "fake record") { _, _ in
            .record([.init("id", "42"), .init("number", "F-2026-001"), .init("status", "MISE_A_DISPOSITION"), .init("amount", "7040.00")])
        },
        CommandSpec(name: "invoice-list", summary: "fake table", positionals: [.init("N")]) { arguments, _ in
            let count = Int(arguments.required("N")) ?? 0
            return .table(columns: ["id", "status"], rows: (0..<count).map { ["\($0 + 1)", "DEPOSEE"] })
        },
        CommandSpec(name: "refuse", summary: "fake failure", positionals: [.init("CODE")]) { arguments, _ in
            throw ConsoleError(.commandFailed, "\(arguments.required("CODE")): refusé", code: ErrorCode(rawValue: arguments.required("CODE")))
        },
        CommandSpec(name: "say", summary: "fake message", positionals: [.init("TEXT")]) { arguments, _ in
            .message(arguments.required("TEXT"))
        },
    ]

    func engine(environment: [String: String] = [:], format: OutputFormat = .table) -> ScriptEngine {
        var registry = Console.registry()
        for spec in Self.fakeCommands { registry.register(spec) }
        // Port 1 on loopback: nothing listens; these scripts never connect
        // unless a test wants the connection failure.
        let sessions = SessionPool(configuration: ClientConfiguration(host: "127.0.0.1", port: 1))
        return ScriptEngine(
            registry: registry, sessions: sessions, format: format,
            variables: Variables(environment: environment),
            passwords: PasswordSource { _ in "x" },
            output: .init(
                write: { [out] text in out.withLockedValue { $0 += text } },
                writeError: { [err] text in err.withLockedValue { $0 += text } }
            )
        )
    }

    /// Runs `script` (lines separated by newlines) as `name`.
    func run(_ script: String, name: String = "t.fcs", environment: [String: String] = [:]) async -> (ScriptEngine.Completion, ScriptEngine) {
        let engine = engine(environment: environment)
        let completion = await engine.run(name: name, lines: script.components(separatedBy: "\n"))
        return (completion, engine)
    }
}
