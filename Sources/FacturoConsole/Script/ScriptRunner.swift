import Foundation

/// Runs a batch of command lines (a `-f` file, `-c` commands, piped
/// stdin), stopping at the first failure and naming where it happened as
/// `FILE:LINE: message`, as compilers and psql do.
public struct ScriptRunner: Sendable {
    public var interpreter: Interpreter
    public var write: @Sendable (String) -> Void
    public var writeError: @Sendable (String) -> Void

    public init(interpreter: Interpreter, write: @escaping @Sendable (String) -> Void, writeError: @escaping @Sendable (String) -> Void) {
        self.interpreter = interpreter
        self.write = write
        self.writeError = writeError
    }

    public enum Completion: Equatable, Sendable {
        /// Ran to the end (or to `quit`) without failure.
        case finished
        case quit
        case failed(ExitStatus)
    }

    /// Runs `lines`; `name` is what error messages call the source.
    public func run(name: String, lines: some Sequence<String>) async -> Completion {
        var number = 0
        for line in lines {
            number += 1
            do {
                switch try await interpreter.execute(line) {
                case .nothing: continue
                case let .output(text): write(text)
                case .quit: return .quit
                }
            } catch {
                writeError("\(name):\(number): \(error.message)\n")
                return .failed(error.status)
            }
        }
        return .finished
    }

    /// Runs a script file.
    public func run(file path: String) async -> Completion {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            writeError("\(path): cannot read file (missing, unreadable or not UTF-8)\n")
            return .failed(.usageOrIO)
        }
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return await run(name: path, lines: lines)
    }
}
