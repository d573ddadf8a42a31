import FacturoClient
import Foundation

/// Running a registry command, and capturing its result into variables
/// (`-> NAME`).
extension ScriptEngine {
    // MARK: Commands and capture

    /// Runs a registry command; with `capture`, a trailing `-> NAME` stores
    /// its result in variables instead of printing it. Assertions run their
    /// command silently (`capture: false`): they judge the result.
    @discardableResult
    func runCommand(_ words: [String], capture: Bool) async throws(ConsoleError) -> CommandOutput {
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
        var failure: ConsoleError?
        do {
            result = try await run(arguments, context)
        } catch let partial as FailureWithOutput {
            result = partial.output
            failure = partial.error
        } catch {
            switch error as? ClientError {
            case let .server(wire)? where wire.fatal: await context.session.lossWasReported()
            case .connectionClosed?, .transport?: await context.session.lossWasReported()
            default: break
            }
            throw ConsoleError.from(error)
        }
        if let target {
            store(result, as: target)
        } else if capture {
            // Machine formats are never rewritten (a mask inside a CSV value
            // is a corrupt value); the secrets the console sends do not come
            // back in answers anyway.
            // Notes for people stay off standard output in machine formats:
            // it holds the data documents only.
            let (data, note) = result.split
            let rendered = renderer.render(data)
            output.write(renderer.format == .table ? variables.masked(rendered) : rendered)
            if let note {
                let line = variables.masked(note) + "\n"
                if renderer.format == .table { output.write(line) } else { output.writeError(line) }
            }
        }
        if let failure { throw failure }
        return result
    }

    /// `inv` gets the message, `inv.FIELD` each field of a record or of the
    /// first row of a table, `inv.N.FIELD` those of row N (from 1), and
    /// `inv.rows` the number of rows.
    func store(_ result: CommandOutput, as name: String) {
        variables.unset(name)
        switch result {
        case let .annotated(inner, _):
            store(inner, as: name)
        case .none:
            variables.set(name + ".rows", "0")
        case let .message(text), let .notice(text):
            variables.set(name, text)
        case let .record(fields):
            for field in fields { variables.set(name + "." + field.name, field.value) }
            variables.set(name + ".rows", "1")
        case let .table(columns, rows):
            if let first = rows.first {
                for (column, value) in zip(columns, first) { variables.set(name + "." + column, value) }
            }
            // Every row too, from 1: `$report.3.code`.
            for (index, row) in rows.enumerated() {
                for (column, value) in zip(columns, row) { variables.set("\(name).\(index + 1).\(column)", value) }
            }
            variables.set(name + ".rows", String(rows.count))
        }
    }
}
