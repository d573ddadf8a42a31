import FacturoClient
import Foundation

/// What `facturo` was asked to do, once its flags are parsed.
public struct ConsoleOptions: Sendable {
    public var server: ClientConfiguration
    /// Log in at start with this e-mail (password from FACTURO_PASSWORD or asked).
    public var user: String?
    /// Scripts to run, in order (`-f`).
    public var files: [String]
    /// Commands to run, in order (`-c`), after the files.
    public var commands: [String]
    public var format: OutputFormat
    public var environment: [String: String]

    public init(server: ClientConfiguration, user: String?, files: [String], commands: [String], format: OutputFormat, environment: [String: String]) {
        self.server = server
        self.user = user
        self.files = files
        self.commands = commands
        self.format = format
        self.environment = environment
    }
}

/// The console program: connects, logs in if asked, then runs scripts,
/// commands, piped input or the interactive prompt, and returns the exit
/// status documented in `ExitStatus`.
public enum Console {
    public static func registry() -> CommandRegistry {
        CommandRegistry(SessionCommands.all + HelpCommands.all)
    }

    public static func run(_ options: ConsoleOptions) async -> ExitStatus {
        let session = ConsoleSession(configuration: options.server)
        let status = await run(options, session: session)
        await session.close()
        return status
    }

    static func run(_ options: ConsoleOptions, session: ConsoleSession) async -> ExitStatus {
        let registry = registry()
        let context = CommandContext(session: session, registry: registry, passwords: .standard(environment: options.environment))
        let interpreter = Interpreter(context: context, renderer: OutputRenderer(format: options.format))
        let runner = ScriptRunner(interpreter: interpreter, write: writeOut, writeError: writeErr)

        // Connect first so that a wrong address or CA fails fast with exit 2.
        do {
            _ = try await session.connected()
            if let user = options.user {
                let password = try context.passwords.read("Mot de passe pour \(user) : ")
                _ = try await session.login(email: user, password: password)
            }
        } catch {
            let failure = ConsoleError.from(error)
            writeErr("facturo: \(failure.message)\n")
            return failure.status == .commandFailed ? .connectionOrAuth : failure.status
        }

        let batch = !options.files.isEmpty || !options.commands.isEmpty
        if batch {
            for file in options.files {
                switch await runner.run(file: file) {
                case .finished: continue
                case .quit: return .ok
                case let .failed(status): return status
                }
            }
            switch await runner.run(name: "-c", lines: options.commands) {
            case let .failed(status): return status
            case .finished, .quit: return .ok
            }
        }
        if !Terminal.isInteractive {
            switch await runner.run(name: "<stdin>", lines: StandardInputLines()) {
            case let .failed(status): return status
            case .finished, .quit: return .ok
            }
        }
        await interactive(interpreter: interpreter, session: session, environment: options.environment)
        return .ok
    }

    /// The REPL: errors are shown and the prompt comes back.
    static func interactive(interpreter: Interpreter, session: ConsoleSession, environment: [String: String]) async {
        let history = environment["FACTURO_HISTORY"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.facturo_history")
        let editor = LineEditor(historyPath: history, commandNames: interpreter.context.registry.names + ["exit"])
        writeOut("Facturo — console. « help » liste les commandes, Ctrl-D pour quitter.\n")
        while true {
            let user = await session.userEmail ?? "(non connecté)"
            guard let line = await editor.readLine(prompt: "\(user)@\(session.serverLabel)> ") else {
                writeOut("\n")
                return
            }
            editor.remember(line)
            do {
                switch try await interpreter.execute(line) {
                case .nothing: continue
                case let .output(text): writeOut(text)
                case .quit: return
                }
            } catch {
                writeErr("erreur : \(error.message)\n")
            }
        }
    }

    @Sendable static func writeOut(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    @Sendable static func writeErr(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Lines of standard input, read lazily (a pipe may be endless).
struct StandardInputLines: Sequence, IteratorProtocol {
    mutating func next() -> String? { Swift.readLine(strippingNewline: true) }
}
