import CReadline
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Interactive line input on GNU readline: editing, history file, tab
/// completion from the registry, and pushed events printed above the
/// prompt without disturbing the line being typed.
///
/// readline runs in callback mode on a thread of its own, polling standard
/// input and a pipe that `show(_:)` writes to, so Swift's cooperative pool
/// (and network I/O) stays free and readline is only ever touched from
/// that one thread.
final class LineEditor: Sendable {
    private let historyPath: String
    private let wakeup: (read: Int32, write: Int32)
    /// The history's last entry (readline's own globals are not for Swift 6
    /// concurrency), read back from the file at start.
    private let lastEntry: Mutex<String?>

    init(historyPath: String, completion: @escaping @Sendable (_ line: String, _ start: Int, _ word: String) -> [String]) {
        self.historyPath = historyPath
        let saved = (try? String(contentsOfFile: historyPath, encoding: .utf8))?.split(separator: "\n").last.map(String.init)
        lastEntry = Mutex(saved)
        var fds: [Int32] = [0, 0]
        pipe(&fds)
        wakeup = (fds[0], fds[1])
        facturo_rl_set_name("facturo")
        facturo_rl_leave_signals_alone()
        ReadlineCompletion.install(completion)
        facturo_rl_install_completion(completionGenerator)
        using_history()
        read_history(historyPath)
        stifle_history(1000)
    }

    /// The next line, or nil at end of input (Ctrl-D).
    func readLine(prompt: String) async -> String? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { [self] in
                continuation.resume(returning: runLoop(prompt: prompt))
            }
        }
    }

    /// Shows `text` (one or more full lines) to the user: above the prompt
    /// while a line is being edited, directly otherwise.
    func show(_ text: String) {
        let printNow = PendingOutput.enqueueIfReading(text)
        if printNow {
            FileHandle.standardOutput.write(Data(text.utf8))
        } else {
            var byte: UInt8 = 1
            _ = write(wakeup.write, &byte, 1)
        }
    }

    /// Ctrl-C while a line is being typed: drop it and show a fresh prompt.
    func interrupt() {
        if !PendingOutput.enqueueIfReading(PendingOutput.interruptMarker) {
            var byte: UInt8 = 1
            _ = write(wakeup.write, &byte, 1)
        }
    }

    /// Adds a line to the history as `HistoryPolicy` says.
    func remember(_ line: String) {
        guard let entry = lastEntry.withLock({ last -> String? in
            let entry = HistoryPolicy.entry(for: line, previous: last)
            if let entry { last = entry }
            return entry
        }) else { return }
        add_history(entry)
        write_history(historyPath)
    }

    private func runLoop(prompt: String) -> String? {
        LineResult.reset()
        for text in PendingOutput.startReading() where text != PendingOutput.interruptMarker {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        facturo_rl_install_handler(prompt, lineHandler)
        defer {
            // The line handler removed readline's handler already (so that
            // readline does not draw a new prompt); only EOF of the poll
            // loop itself gets here with it installed.
            if !LineResult.isDone { facturo_rl_remove_handler() }
            for text in PendingOutput.stopReading() where text != PendingOutput.interruptMarker {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
        while !LineResult.isDone {
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeup.read, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 2, -1) >= 0 else {
                if errno == EINTR { continue }
                LineResult.finish(nil)
                facturo_rl_remove_handler()
                return nil
            }
            if fds[1].revents & Int16(POLLIN) != 0 {
                var buffer = [UInt8](repeating: 0, count: 64)
                _ = read(wakeup.read, &buffer, buffer.count)
                for text in PendingOutput.take() {
                    if text == PendingOutput.interruptMarker {
                        facturo_rl_cancel_line()
                    } else {
                        facturo_rl_print_above(text)
                    }
                }
            }
            if fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                rl_callback_read_char()
            }
        }
        return LineResult.line
    }
}

/// Events waiting to be printed by the readline thread. A lock, not an
/// actor: the readline thread is a plain thread, not a Swift task.
enum PendingOutput {
    /// Queued by `interrupt()`: not text, a request to drop the line.
    static let interruptMarker = "\u{0}interrupt"
    private static let lock = NSLock()
    nonisolated(unsafe) private static var reading = false
    nonisolated(unsafe) private static var queue: [String] = []

    /// True when the caller should print `text` itself (no line being edited).
    static func enqueueIfReading(_ text: String) -> Bool {
        lock.withLock {
            guard reading else { return true }
            queue.append(text)
            return false
        }
    }

    static func take() -> [String] {
        lock.withLock {
            defer { queue.removeAll() }
            return queue
        }
    }

    static func startReading() -> [String] {
        lock.withLock {
            reading = true
            defer { queue.removeAll() }
            return queue
        }
    }

    static func stopReading() -> [String] {
        lock.withLock {
            reading = false
            defer { queue.removeAll() }
            return queue
        }
    }
}

/// What readline's C line handler (which cannot capture context) received.
enum LineResult {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var done = false
    nonisolated(unsafe) private static var value: String?

    static func reset() { lock.withLock { done = false; value = nil } }
    static func finish(_ line: String?) { lock.withLock { done = true; value = line } }
    static var isDone: Bool { lock.withLock { done } }
    static var line: String? { lock.withLock { value } }
}

private let lineHandler: facturo_rl_line_handler = { raw in
    // Removing the handler here, before readline regains control, stops it
    // from printing the next prompt while the command has yet to run.
    facturo_rl_remove_handler()
    guard let raw else {
        LineResult.finish(nil)
        return
    }
    LineResult.finish(String(cString: raw))
    free(raw)
}

/// Candidates for readline's C completion callback, which cannot capture
/// Swift context: the console installs a closure that knows the registry.
enum ReadlineCompletion {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var provider: (@Sendable (String, Int, String) -> [String])?
    nonisolated(unsafe) private static var matches: [String] = []

    static func install(_ provider: @escaping @Sendable (String, Int, String) -> [String]) {
        lock.withLock { self.provider = provider }
    }

    static func next(word: String, line: String, start: Int, state: Int32) -> String? {
        lock.withLock {
            if state == 0 { matches = provider?(line, start, word) ?? [] }
            let index = Int(state)
            return index < matches.count ? matches[index] : nil
        }
    }
}

private let completionGenerator: facturo_rl_generator = { text, state in
    let word = text.map { String(cString: $0) } ?? ""
    let line = facturo_rl_line_buffer().map { String(cString: $0) } ?? ""
    guard let match = ReadlineCompletion.next(word: word, line: line, start: Int(facturo_rl_completion_start()), state: state) else { return nil }
    return strdup(match)
}
