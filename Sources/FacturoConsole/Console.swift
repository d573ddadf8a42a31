import FacturoClient
import Foundation
import NIOConcurrencyHelpers

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
    /// `-v NAME=VALUE` variables.
    public var variables: [(String, String)]
    public var environment: [String: String]
    /// Connect before the first command, so that a wrong address fails at
    /// once (exit 2); off for offline work (`--offline`).
    public var connectAtStart: Bool

    public init(
        server: ClientConfiguration, user: String?, files: [String], commands: [String], format: OutputFormat, variables: [(String, String)] = [],
        environment: [String: String], connectAtStart: Bool = true
    ) {
        self.connectAtStart = connectAtStart
        self.server = server
        self.user = user
        self.files = files
        self.commands = commands
        self.format = format
        self.variables = variables
        self.environment = environment
    }
}

/// The console program: connects, logs in if asked, then runs scripts,
/// commands, piped input or the interactive prompt, and returns the exit
/// status documented in `ExitStatus`.
public enum Console {
    public static func registry() -> CommandRegistry {
        CommandRegistry(
            LanguageStatements.all + SessionCommands.all + HelpCommands.all + [AdminCommands.admin]
                + [DirectoryCommands.directory, DirectoryCommands.service, UserCommands.user, UserCommands.password]
                + [HabilitationCommands.mine, HabilitationCommands.structures, HabilitationCommands.habilitation, HabilitationCommands.request]
                + [TechnicalAccountCommands.techaccount, AuditCommand.audit]
                + [DraftCommands.draft, InvoiceCommands.invoice, EngagementCommands.engagement, CertificateCommands.certificate, FlowCommands.flow]
                + [EventCommands.events, EventCommands.notification]
        )
    }

    public static func run(_ options: ConsoleOptions) async -> ExitStatus {
        // Events go to the prompt when there is one; scripts read them with
        // wait-event.
        let display = EventDisplay()
        let sessions = SessionPool(configuration: options.server) { name, event in
            display.show(name == SessionPool.mainName ? event.line : "[\(name)] \(event.line)")
        }
        var variables = Variables(environment: options.environment)
        for (name, value) in options.variables { variables.set(name, value) }
        let engine = ScriptEngine(
            registry: registry(), sessions: sessions, format: options.format, variables: variables,
            passwords: .standard(environment: options.environment),
            output: ScriptEngine.Output(write: writeOut, writeError: writeErr, style: .forStandardError(environment: options.environment))
        )
        let status = await run(options, engine: engine, display: display)
        await sessions.closeAll()
        return status
    }

    static func run(_ options: ConsoleOptions, engine: ScriptEngine, display: EventDisplay) async -> ExitStatus {
        let session = engine.sessions.current
        // Connect first so that a wrong address or CA fails fast with exit 2.
        do {
            if options.connectAtStart || options.user != nil { _ = try await session.connected() }
            if let user = options.user {
                let password = try engine.passwords.read("Mot de passe pour \(user) : ")
                _ = try await session.login(email: user, password: password)
                await SessionCommands.rememberStructures(session)
            }
        } catch {
            let failure = ConsoleError.from(error)
            writeErr("facturo: \(engine.variables.masked(failure.message))\n")
            return failure.status == .commandFailed ? .connectionOrAuth : failure.status
        }

        let batch = !options.files.isEmpty || !options.commands.isEmpty
        if batch || !Terminal.isInteractive {
            var completion = ScriptEngine.Completion.finished
            for file in options.files where completion == .finished {
                completion = await engine.run(file: file)
            }
            if completion == .finished, !options.commands.isEmpty {
                completion = await engine.run(name: "-c", lines: options.commands)
            }
            if completion == .finished, !batch {
                let input = StandardInputLines()
                completion = await engine.run(name: "<stdin>", lines: input)
                if let line = input.invalidLine {
                    writeErr("<stdin>:\(line): l'entrée standard n'est pas en UTF-8 ; rien n'a été lu à partir de cette ligne (convertissez-la : iconv -f WINDOWS-1252 -t UTF-8)\n")
                    if completion == .finished { completion = .failed(.usageOrIO) }
                }
            }
            return finish(completion, engine: engine)
        }
        await interactive(engine: engine, environment: options.environment, display: display)
        return .ok
    }

    /// The closing summary of a batch run and its exit status: a failed
    /// assertion gives 4 even when errexit was off; otherwise, with errexit
    /// off, the status of the last line run (as a shell without `set -e`).
    static func finish(_ completion: ScriptEngine.Completion, engine: ScriptEngine) -> ExitStatus {
        if engine.tally.total > 0 {
            engine.output.write(engine.tally.summary + "\n")
        }
        switch completion {
        case let .failed(status): return status
        case .quit: return engine.tally.failed > 0 ? .assertionFailed : .ok
        case .finished: return engine.tally.failed > 0 ? .assertionFailed : engine.lastStatus
        }
    }

    /// The REPL: errors are shown and the prompt comes back.
    static func interactive(engine: ScriptEngine, environment: [String: String], display: EventDisplay) async {
        let history = environment["FACTURO_HISTORY"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.facturo_history")
        let completer = Completer(registry: engine.registry, extraWords: ["exit"])
        let editor = LineEditor(historyPath: history) { line, start, word in
            completer.candidates(line: line, start: start, word: word)
        }
        display.attach(editor)
        let interrupts = InterruptRouter(editor: editor)
        writeOut("Facturo — console. « help » liste les commandes, Ctrl-D pour quitter.\n")
        while true {
            let session = engine.sessions.current
            // `login (host:port)>`: a login is an e-mail, so no second `@`.
            let user = await session.userEmail ?? "non connecté"
            let name = engine.sessions.currentName == SessionPool.mainName ? "" : "[\(engine.sessions.currentName)] "
            let prompt = "\(name)\(user) (\(session.serverLabel))\(engine.isInsideBlock ? "..." : "")> "
            guard let line = await editor.readLine(prompt: prompt) else {
                writeOut("\n")
                return
            }
            editor.remember(line)
            // Each line runs in a task of its own so that Ctrl-C cancels the
            // line (and the request it has in flight), not the console.
            let task = Task { await engine.runInteractive(line) }
            interrupts.running(task)
            let keepGoing = await task.value
            interrupts.finished()
            guard keepGoing else { return }
        }
    }

    @Sendable static func writeOut(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    @Sendable static func writeErr(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Where pushed events are shown: above the prompt once the interactive
/// editor exists; dropped in batch mode (scripts use wait-event).
final class EventDisplay: Sendable {
    private let editor = NIOLockedValueBox<LineEditor?>(nil)

    func attach(_ editor: LineEditor) {
        self.editor.withLockedValue { $0 = editor }
    }

    func show(_ line: String) {
        editor.withLockedValue { $0 }?.show(line + "\n")
    }
}

/// Routes Ctrl-C: it cancels the line being run (whose request in flight
/// is then cancelled on the server), or clears the line being typed.
final class InterruptRouter {
    private let current = NIOLockedValueBox<Task<Bool, Never>?>(nil)
    private let source: any DispatchSourceSignal

    init(editor: LineEditor) {
        // Ignored so the default action never kills the console; the
        // dispatch source still sees each Ctrl-C.
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [current] in
            if let task = current.withLockedValue({ $0 }) {
                task.cancel()
            } else {
                editor.interrupt()
            }
        }
        source.resume()
    }

    func running(_ task: Task<Bool, Never>) { current.withLockedValue { $0 = task } }
    func finished() { current.withLockedValue { $0 = nil } }
}

/// Lines of standard input, read lazily (a pipe may be endless).
/// Script lines piped on standard input, read as they come. A line that is
/// not UTF-8 ends the input (`invalidLine` says which), as a script file
/// that is not UTF-8 is refused: `readLine` would silently replace its
/// bytes, and a command would run with a corrupted value.
final class StandardInputLines: Sequence, IteratorProtocol {
    private(set) var invalidLine: Int?
    private var number = 0

    func next() -> String? {
        guard invalidLine == nil else { return nil }
        var bytes: [UInt8] = []
        while true {
            let byte = getchar()
            if byte == EOF {
                if bytes.isEmpty { return nil }
                break
            }
            if byte == 10 { break }
            bytes.append(UInt8(truncatingIfNeeded: byte))
        }
        number += 1
        if bytes.last == 13 { bytes.removeLast() }
        guard let line = String(validating: bytes, as: UTF8.self) else {
            invalidLine = number
            return nil
        }
        return line
    }
}
