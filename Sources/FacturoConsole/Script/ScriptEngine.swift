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
    public private(set) var tally = AssertionTally()
    public let registry: CommandRegistry
    public let sessions: SessionPool
    public private(set) var renderer: OutputRenderer
    let passwords: PasswordSource
    let output: Output
    private var includeStack: [String] = []
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

    private func step(_ line: String, at location: SourceLocation, conditions: inout ConditionStack) async -> Flow {
        do {
            return try await execute(line, at: location, conditions: &conditions)
        } catch where error.isReported {
            // An included script stopped and said why.
            return .stop(error.status)
        } catch {
            report(error, at: location)
            return errexit ? .stop(error.status) : .next
        }
    }

    private func report(_ error: ConsoleError, at location: SourceLocation) {
        output.writeError(output.style.error(variables.masked("\(location): \(error.message)")) + "\n")
    }

    private func execute(_ line: String, at location: SourceLocation, conditions: inout ConditionStack) async throws(ConsoleError) -> Flow {
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

        switch name {
        case "if":
            conditions.pushIf(try Condition(words: arguments).evaluate(), at: location)
        case "else":
            try conditions.flipToElse()
        case "end":
            try conditions.end()
        case "quit":
            return .quit
        case "set":
            try set(arguments)
        case "unset":
            variables.unset(arguments[0])
        case "echo":
            output.write(variables.masked(arguments.joined(separator: " ") + "\n"))
        case "sleep":
            let duration = try Self.duration(arguments[0])
            do {
                try await Task.sleep(for: duration)
            } catch {
                throw .usage("attente interrompue")
            }
        case "include":
            return try await include(arguments[0], from: location)
        case "expect":
            let condition = try Condition(words: arguments)
            try assert(try condition.evaluate(), "expect \(arguments.joined(separator: " ")) — \(condition.explanation)")
        case "expect-error":
            try await expectError(code: arguments[0], command: Array(arguments.dropFirst()))
        case "expect-rows":
            try await expectRows(arguments[0], command: Array(arguments.dropFirst()))
        case "wait-event":
            try await waitEvent(arguments)
        case "session":
            if let target = arguments.first {
                guard Variables.isValidName(target) else { throw .usage("nom de session invalide : \(target)") }
                sessions.switchTo(target)
            } else {
                output.write(renderer.render(.record([.init("session", sessions.currentName)])))
            }
        default:
            try await runCommand(words, capture: true)
        }
        return .next
    }

    // MARK: Commands and capture

    /// Runs a registry command; with `capture`, a trailing `-> NAME` stores
    /// its result in variables instead of printing it. Assertions run their
    /// command silently (`capture: false`): they judge the result.
    @discardableResult
    private func runCommand(_ words: [String], capture: Bool) async throws(ConsoleError) -> CommandOutput {
        var words = words
        var target: String?
        if capture, words.count >= 3, words[words.count - 2] == "->" {
            target = words.removeLast()
            words.removeLast()
            guard Variables.isValidName(target!) else { throw .usage("nom de variable invalide après -> : \(target!)") }
        }
        guard let name = words.first else { throw .usage("commande attendue") }
        guard let command = registry[name] else { throw .unknownCommand(name, registry: registry) }
        let (spec, path, rest) = try CommandHelp.resolve(command, words: Array(words.dropFirst()))
        guard let run = spec.run else { throw .usage("\(path) ne peut pas être utilisé ici") }
        let arguments = try CommandArguments(rest, for: spec, path: path)
        let context = CommandContext(session: sessions.current, registry: registry, passwords: passwords, variables: variables)
        let result: CommandOutput
        do {
            result = try await run(arguments, context)
        } catch {
            throw ConsoleError.from(error)
        }
        if let target {
            store(result, as: target)
        } else if capture {
            output.write(variables.masked(renderer.render(result)))
        }
        return result
    }

    /// `inv` gets the message, `inv.FIELD` each field of a record or of the
    /// first row of a table, and `inv.rows` the number of rows.
    private func store(_ result: CommandOutput, as name: String) {
        variables.unset(name)
        switch result {
        case .none:
            variables.set(name + ".rows", "0")
        case let .message(text):
            variables.set(name, text)
        case let .record(fields):
            for field in fields { variables.set(name + "." + field.name, field.value) }
            variables.set(name + ".rows", "1")
        case let .table(columns, rows):
            if let first = rows.first {
                for (column, value) in zip(columns, first) { variables.set(name + "." + column, value) }
            }
            variables.set(name + ".rows", String(rows.count))
        }
    }

    // MARK: Statements

    private func set(_ arguments: [String]) throws(ConsoleError) {
        guard var name = arguments.first else {
            let fields = variables.names.map { CommandOutput.Field($0, variables[$0] ?? "") }
            output.write(variables.masked(renderer.render(.record(fields))))
            return
        }
        var values = Array(arguments.dropFirst())
        let secret = name == "--secret"
        if secret {
            guard let secretName = values.first else { throw .usage("usage : set --secret NOM VALEUR") }
            name = secretName
            values.removeFirst()
        }
        switch name {
        case "errexit" where !secret:
            guard let value = values.first, ["on", "off"].contains(value), values.count == 1 else { throw .usage("usage : set errexit on|off") }
            errexit = value == "on"
        case "format" where !secret:
            guard values.count == 1, let format = OutputFormat(rawValue: values[0]) else {
                throw .usage("usage : set format \(OutputFormat.allCases.map(\.rawValue).joined(separator: "|"))")
            }
            renderer = OutputRenderer(format: format)
        default:
            guard Variables.isValidName(name) else { throw .usage("nom de variable invalide : \(name)") }
            variables.set(name, values.joined(separator: " "), secret: secret)
        }
    }

    private func include(_ path: String, from location: SourceLocation) async throws(ConsoleError) -> Flow {
        // Relative to the including script's folder; from -c, standard input
        // or the prompt, relative to the working directory.
        let fromFile = !(location.file.isEmpty || location.file.hasPrefix("-") || location.file.hasPrefix("<"))
        let folder = fromFile ? (location.file as NSString).deletingLastPathComponent : ""
        let target = path.hasPrefix("/") || folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
        let resolved = URL(fileURLWithPath: target).standardizedFileURL.path
        guard !includeStack.contains(resolved) else {
            throw .usage("inclusion circulaire : \(path)")
        }
        guard includeStack.count < Self.maxIncludeDepth else {
            throw .usage("trop d'inclusions imbriquées (maximum \(Self.maxIncludeDepth))")
        }
        switch await run(file: target) {
        case .finished: return .next
        case .quit: return .quit
        case let .failed(status): throw ConsoleError(status, "", reported: true)
        }
    }

    private func assert(_ holds: Bool, _ description: @autoclosure () -> String) throws(ConsoleError) {
        if holds {
            tally.passed += 1
        } else {
            tally.failed += 1
            throw ConsoleError(.assertionFailed, "assertion échouée : \(description())")
        }
    }

    private func expectError(code: String, command: [String]) async throws(ConsoleError) {
        do {
            try await runCommand(command, capture: false)
        } catch {
            let actual = error.code?.rawValue
            try assert(actual == code, "expect-error \(code) — attendu : erreur \(code), obtenu : \(error.message)")
            return
        }
        try assert(false, "expect-error \(code) — attendu : erreur \(code), obtenu : succès de « \(command.joined(separator: " ")) »")
    }

    private func expectRows(_ expected: String, command: [String]) async throws(ConsoleError) {
        guard let count = Int(expected), count >= 0 else { throw .usage("usage : expect-rows N COMMANDE... (N entier)") }
        let result = try await runCommand(command, capture: false)
        let rows: Int
        switch result {
        case .none: rows = 0
        case .message, .record: rows = 1
        case let .table(_, tableRows): rows = tableRows.count
        }
        try assert(rows == count, "expect-rows \(count) — attendu : \(count) ligne(s), obtenu : \(rows)")
    }

    private func waitEvent(_ words: [String]) async throws(ConsoleError) {
        var words = words
        var target: String?
        if words.count >= 3, words[words.count - 2] == "->" {
            target = words.removeLast()
            words.removeLast()
        }
        guard let spec = registry["wait-event"] else { throw .usage("wait-event indisponible") }
        let arguments = try CommandArguments(words, for: spec, path: "wait-event")
        let kind = arguments.required("TYPE")
        guard EventPresentation.kinds.contains(kind) else {
            throw .usage("type d'événement inconnu : \(kind) (\(EventPresentation.kinds.joined(separator: ", ")))")
        }
        let timeout = try Self.duration(arguments.options["--timeout"] ?? "5s")
        let filters = try arguments.positional.dropFirst().map { filter throws(ConsoleError) -> EventFilter in
            try EventFilter(filter)
        }
        let event = await sessions.current.inbox.next(matching: { event in
            event.kind == kind && filters.allSatisfy { $0.matches(event) }
        }, timeout: timeout)
        let description = "wait-event \(words.joined(separator: " "))"
        try assert(event != nil, "\(description) — aucun événement correspondant reçu")
        if let event, let target {
            store(.record(event.fields), as: target)
        } else if let event {
            output.write(variables.masked(event.line + "\n"))
        }
    }

    /// `FIELD=VALUE` (equal) or `FIELD~REGEX` (contains a match).
    struct EventFilter: Sendable {
        var field: String
        var value: String
        var isRegex: Bool

        init(_ text: String) throws(ConsoleError) {
            if let index = text.firstIndex(where: { $0 == "=" || $0 == "~" }) {
                field = String(text[..<index])
                value = String(text[text.index(after: index)...])
                isRegex = text[index] == "~"
                if isRegex, (try? NSRegularExpression(pattern: value)) == nil { throw .usage("expression régulière invalide : \(value)") }
            } else {
                throw .usage("filtre attendu : CHAMP=VALEUR ou CHAMP~REGEX, obtenu : \(text)")
            }
        }

        func matches(_ event: ConsoleEvent) -> Bool {
            guard let actual = event[field] else { return false }
            return isRegex ? actual.range(of: value, options: .regularExpression) != nil : actual == value
        }
    }

    /// `500ms`, `2s`, `1m`, or plain seconds (`1.5`).
    static func duration(_ text: String) throws(ConsoleError) -> Duration {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)), value >= 0 { return .milliseconds(Int64(value * scale * 1000)) }
        }
        if let value = Double(text), value >= 0 { return .milliseconds(Int64(value * 1000)) }
        throw .usage("durée invalide : \(text) (exemples : 500ms, 2s, 1m, 1.5)")
    }
}
