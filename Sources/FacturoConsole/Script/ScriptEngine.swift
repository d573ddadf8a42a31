import Foundation

/// Runs console input: the interactive prompt, `-c` commands, `-f` scripts
/// and piped standard input all go through here, so a line behaves the same
/// however it is typed.
///
/// It owns the script language (variables, capture, `include`, `if`,
/// assertions, sessions) and hands every other word to the command
/// registry. One engine serves one console run and is used by one task at
/// a time (the prompt runs each line in a task of its own so that Ctrl-C
/// can cancel it, and waits for it before reading the next line): hence
/// `@unchecked Sendable` rather than an actor, whose reentrancy would allow
/// two lines to interleave.
public final class ScriptEngine: @unchecked Sendable {
    /// Where the engine writes; everything written is masked for secrets first.
    public struct Output: Sendable {
        public var write: @Sendable (String) -> Void
        public var writeError: @Sendable (String) -> Void
        /// Colours for error messages (none unless on a terminal).
        public var style: Style

        public init(write: @escaping @Sendable (String) -> Void, writeError: @escaping @Sendable (String) -> Void, style: Style = Style(enabled: false)) {
            self.write = write
            self.writeError = writeError
            self.style = style
        }
    }

    public enum Completion: Equatable, Sendable {
        /// Ran to the end without stopping.
        case finished
        /// `quit` was run.
        case quit
        /// Stopped on a failure, already reported, with this status.
        case failed(ExitStatus)
    }

    public var variables: Variables
    /// Stop at the first failed command or assertion (`set errexit off`).
    public var errexit = true
    /// The status of the last line run (see `setLastStatus`).
    public private(set) var lastStatus = ExitStatus.ok
    public internal(set) var tally = AssertionTally()
    public let registry: CommandRegistry
    public let sessions: SessionPool
    public internal(set) var renderer: OutputRenderer
    let passwords: PasswordSource
    let output: Output
    var includeStack: [String] = []
    private var interactiveConditions = ConditionStack()

    static let maxIncludeDepth = 16

    public init(registry: CommandRegistry, sessions: SessionPool, format: OutputFormat, variables: Variables, passwords: PasswordSource, output: Output) {
        self.registry = registry
        self.sessions = sessions
        self.renderer = OutputRenderer(format: format)
        self.variables = variables
        self.passwords = passwords
        self.output = output
    }

    // MARK: Running sources

    /// Runs `lines` as the script called `name` (`FILE:LINE` in reports).
    public func run(name: String, lines: some Sequence<String>) async -> Completion {
        var conditions = ConditionStack()
        for (line, number) in LogicalLines(lines) {
            let location = SourceLocation(file: name, line: number)
            switch await step(line, at: location, conditions: &conditions) {
            case .next: continue
            case .quit: return .quit
            case let .stop(status): return .failed(status)
            }
        }
        if let open = conditions.innermost {
            report(ConsoleError.usage("if sans end"), at: open)
            return .failed(.usageOrIO)
        }
        return .finished
    }

    /// Runs the script file at `path`.
    public func run(file path: String) async -> Completion {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            output.writeError("\(path): fichier illisible (absent, protégé ou pas en UTF-8)\n")
            return .failed(.usageOrIO)
        }
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        let resolved = URL(fileURLWithPath: path).standardizedFileURL.path
        includeStack.append(resolved)
        defer { includeStack.removeLast() }
        return await run(name: path, lines: lines)
    }

    /// One line typed at the prompt: failures are shown, never fatal.
    /// Returns false when the user asked to quit.
    public func runInteractive(_ line: String) async -> Bool {
        var conditions = interactiveConditions
        defer { interactiveConditions = conditions }
        let location = SourceLocation(file: "", line: 0)
        do {
            return try await execute(line, at: location, conditions: &conditions) != .quit
        } catch where error.lostSession.map({ $0.isRecoverable && $0.canLogInAgain }) == true && !Task.isCancelled {
            // The command was not sent: say why, log in again as before
            // (FACTURO_PASSWORD, or the password asked again), run it.
            let lost = error.lostSession!
            output.writeError(output.style.error("\(SessionLost.why(lost.reason)) : reconnexion (\(lost.loginLine))") + "\n")
            do {
                _ = try await execute(lost.loginLine, at: location, conditions: &conditions)
                return try await execute(line, at: location, conditions: &conditions) != .quit
            } catch {
                output.writeError(output.style.error(variables.masked("erreur : \(error.message)")) + "\n")
                return true
            }
        } catch {
            // After Ctrl-C the terminal has echoed "^C" without a newline.
            let start = Task.isCancelled ? "\n" : ""
            output.writeError(start + output.style.error(variables.masked("erreur : \(error.message)")) + "\n")
            return true
        }
    }

    /// Inside an unfinished `if` block at the prompt (for a continuation prompt).
    public var isInsideBlock: Bool { !interactiveConditions.isEmpty }

    // MARK: One line

    enum Flow: Equatable {
        case next, quit
        case stop(ExitStatus)
    }

    func step(_ line: String, at location: SourceLocation, conditions: inout ConditionStack) async -> Flow {
        // Blank lines, comments, skipped lines and `include` (whose own
        // lines set it) leave the last status as it was.
        let words = line.split(whereSeparator: \.isWhitespace)
        let counts = conditions.isActive && !(words.first?.hasPrefix("#") ?? true) && words.first != "include"
        do {
            let flow = try await execute(line, at: location, conditions: &conditions)
            if counts { setLastStatus(.ok) }
            return flow
        } catch where error.isReported {
            // An included script stopped and said why.
            return .stop(error.status)
        } catch {
            report(error, at: location)
            setLastStatus(error.status)
            return errexit ? .stop(error.status) : .next
        }
    }

    /// As a shell's `$?`: the status of the line just run, in
    /// `$last_status`; with errexit off, a script's exit status is its last
    /// line's (a failed assertion still gives 4).
    private func setLastStatus(_ status: ExitStatus) {
        lastStatus = status
        variables.set(Self.lastStatusVariable, String(status.rawValue))
    }

    public static let lastStatusVariable = "last_status"

    func report(_ error: ConsoleError, at location: SourceLocation) {
        output.writeError(output.style.error(variables.masked("\(location): \(error.message)")) + "\n")
    }

    func execute(_ line: String, at location: SourceLocation, conditions: inout ConditionStack) async throws(ConsoleError) -> Flow {
        guard conditions.isActive else {
            // Skipped lines are not expanded (their variables may not exist);
            // only block structure is followed.
            switch (try? LineTokenizer.split(line))?.first {
            case "if": conditions.pushIf(false, at: location)
            case "else": try conditions.flipToElse()
            case "end": try conditions.end()
            default: break
            }
            return .next
        }
        let words: [String]
        do {
            words = try LineTokenizer.split(line, variables: variables)
        } catch {
            throw .usage(error.message)
        }
        guard let name = words.first else { return .next }
        let arguments = Array(words.dropFirst())
        if name == "exit" || name == "\\q" { return .quit }
        guard let spec = registry[name] else { throw .unknownCommand(name, registry: registry) }
        guard spec.run != nil || !spec.subcommands.isEmpty || spec.arity.contains(arguments.count) else {
            throw .usage("usage : \(CommandHelp.synopsis(spec, path: name))")
        }

        if let statement = Self.statements[name] {
            return try await statement(self, arguments, location, &conditions)
        }
        try await runCommand(words, capture: true)
        return .next
    }
}
