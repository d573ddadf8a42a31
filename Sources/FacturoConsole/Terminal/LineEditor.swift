import CReadline
import Foundation

/// Interactive line input on GNU readline: editing, history file, and tab
/// completion of command names from the registry.
final class LineEditor: Sendable {
    private let historyPath: String

    init(historyPath: String, commandNames: [String]) {
        self.historyPath = historyPath
        facturo_rl_set_name("facturo")
        CompletionCandidates.set(commandNames)
        facturo_rl_install_completion(completionGenerator)
        using_history()
        read_history(historyPath)
        stifle_history(1000)
    }

    /// The next line, or nil at end of input (Ctrl-D). readline blocks, so
    /// it runs on its own thread, leaving Swift's cooperative pool (and
    /// network I/O) free.
    func readLine(prompt: String) async -> String? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                guard let raw = readline(prompt) else {
                    continuation.resume(returning: nil)
                    return
                }
                let line = String(cString: raw)
                free(raw)
                continuation.resume(returning: line)
            }
        }
    }

    /// Adds a line to the history unless it is blank or starts with a space
    /// (the shell's way of keeping one line out of the history).
    func remember(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty, !line.hasPrefix(" ") else { return }
        // Completion leaves a trailing space; the history keeps the command.
        add_history(String(line.reversed().drop(while: \.isWhitespace).reversed()))
        write_history(historyPath)
    }
}

/// Command names for readline's C completion callback, which cannot
/// capture Swift context.
enum CompletionCandidates {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var names: [String] = []
    nonisolated(unsafe) private static var matches: [String] = []

    static func set(_ newNames: [String]) {
        lock.withLock { names = newNames }
    }

    static func next(prefix: String, state: Int32) -> String? {
        lock.withLock {
            if state == 0 { matches = names.filter { $0.hasPrefix(prefix) } }
            let index = Int(state)
            return index < matches.count ? matches[index] : nil
        }
    }
}

private let completionGenerator: facturo_rl_generator = { text, state in
    let prefix = text.map { String(cString: $0) } ?? ""
    guard let match = CompletionCandidates.next(prefix: prefix, state: state) else { return nil }
    return strdup(match)
}
