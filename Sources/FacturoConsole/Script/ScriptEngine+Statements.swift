import Foundation

/// The script language's statements (`set`, `if`, `expect`...) as one
/// table, and what they do.
extension ScriptEngine {
    /// One statement: the engine, the words after its name, where it is,
    /// and the open `if` blocks of the source being run.
    typealias Statement = @Sendable (ScriptEngine, [String], SourceLocation, inout ConditionStack) async throws(ConsoleError) -> Flow

    /// Every statement of the language, by name; their specs (help,
    /// completion, number of words) are `LanguageStatements`.
    static let statements: [String: Statement] = [
        "if": { _, arguments, location, conditions throws(ConsoleError) in
            conditions.pushIf(try Condition(words: arguments).evaluate(), at: location)
            return .next
        },
        "else": { _, _, _, conditions throws(ConsoleError) in
            try conditions.flipToElse()
            return .next
        },
        "end": { _, _, _, conditions throws(ConsoleError) in
            try conditions.end()
            return .next
        },
        "quit": { _, _, _, _ in .quit },
        "set": { engine, arguments, _, _ throws(ConsoleError) in
            try engine.set(arguments)
            return .next
        },
        "unset": { engine, arguments, _, _ in
            engine.variables.unset(arguments[0])
            return .next
        },
        "echo": { engine, arguments, _, _ in
            engine.output.write(engine.variables.masked(arguments.joined(separator: " ") + "\n"))
            return .next
        },
        "sleep": { _, arguments, _, _ throws(ConsoleError) in
            let duration = try ScriptEngine.duration(arguments[0])
            do {
                try await Task.sleep(for: duration)
            } catch {
                throw .usage("attente interrompue")
            }
            return .next
        },
        "include": { engine, arguments, location, _ throws(ConsoleError) in
            try await engine.include(arguments[0], from: location)
        },
        "expect": { engine, arguments, _, _ throws(ConsoleError) in
            let condition = try Condition(words: arguments)
            try engine.assert(try condition.evaluate(), "expect \(arguments.joined(separator: " ")) — \(condition.explanation)")
            return .next
        },
        "expect-error": { engine, arguments, _, _ throws(ConsoleError) in
            try await engine.expectError(code: arguments[0], command: Array(arguments.dropFirst()))
            return .next
        },
        "expect-rows": { engine, arguments, _, _ throws(ConsoleError) in
            try await engine.expectRows(arguments[0], command: Array(arguments.dropFirst()))
            return .next
        },
        "wait-event": { engine, arguments, _, _ throws(ConsoleError) in
            try await engine.waitEvent(arguments)
            return .next
        },
        "session": { engine, arguments, _, _ throws(ConsoleError) in
            if let target = arguments.first {
                guard Variables.isValidName(target) else { throw .usage("nom de session invalide : \(target)") }
                engine.sessions.switchTo(target)
            } else {
                engine.output.write(engine.renderer.render(.record([.init("session", engine.sessions.currentName)])))
            }
            return .next
        },
    ]

    func set(_ arguments: [String]) throws(ConsoleError) {
        guard var name = arguments.first else {
            let fields = variables.names.map { CommandOutput.Field($0, variables.isSecret($0) ? "********" : variables[$0] ?? "") }
            output.write(renderer.render(.record(fields)))
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

    func include(_ path: String, from location: SourceLocation) async throws(ConsoleError) -> Flow {
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

    func assert(_ holds: Bool, _ description: @autoclosure () -> String) throws(ConsoleError) {
        if holds {
            tally.passed += 1
        } else {
            tally.failed += 1
            throw ConsoleError(.assertionFailed, "assertion échouée : \(description())")
        }
    }

    func expectError(code: String, command: [String]) async throws(ConsoleError) {
        do {
            try await runCommand(command, capture: false)
        } catch {
            let actual = error.code?.rawValue
            try assert(actual == code, "expect-error \(code) — attendu : erreur \(code), obtenu : \(error.message)")
            return
        }
        try assert(false, "expect-error \(code) — attendu : erreur \(code), obtenu : succès de « \(command.joined(separator: " ")) »")
    }

    func expectRows(_ expected: String, command: [String]) async throws(ConsoleError) {
        guard let count = Int(expected), count >= 0 else { throw .usage("usage : expect-rows N COMMANDE... (N entier)") }
        let result = try await runCommand(command, capture: false).split.data
        let rows: Int
        switch result {
        case .none: rows = 0
        case .message, .record: rows = 1
        case .notice, .annotated: rows = 0
        case let .table(_, tableRows): rows = tableRows.count
        }
        try assert(rows == count, "expect-rows \(count) — attendu : \(count) ligne(s), obtenu : \(rows)")
    }
}
