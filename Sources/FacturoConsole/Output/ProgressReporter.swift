import Foundation

/// Progress of long work (uploads, flows, imports, multi-downloads): a bar
/// with count, rate and time left on a terminal, a plain line every few
/// seconds otherwise (logs and CI stay readable).
public final class ProgressReporter: @unchecked Sendable {
    public enum Style: Sendable {
        /// Redrawn in place with `\r`; ends with a newline.
        case bar(width: Int)
        /// One full line at most every `interval` seconds, and at the end.
        case lines(interval: TimeInterval)
    }

    private let label: String
    private let total: Int?
    private let style: Style
    private let write: @Sendable (String) -> Void
    private let now: @Sendable () -> Date
    private let lock = NSLock()
    private let started: Date
    private var done = 0
    private var lastLine: Date?

    public init(label: String, total: Int?, style: Style, write: @escaping @Sendable (String) -> Void, now: @escaping @Sendable () -> Date = Date.init) {
        self.label = label
        self.total = total
        self.style = style
        self.write = write
        self.now = now
        self.started = now()
    }

    /// The style for the current output: a bar on a terminal, lines elsewhere.
    public static func defaultStyle() -> Style {
        isatty(STDERR_FILENO) == 1 ? .bar(width: 30) : .lines(interval: 5)
    }

    /// Records `count` more items done.
    public func advance(by count: Int = 1) {
        lock.withLock {
            done += count
            let time = now()
            switch style {
            case .bar:
                write("\r" + render(at: time))
            case let .lines(interval):
                if lastLine.map({ time.timeIntervalSince($0) >= interval }) ?? true {
                    lastLine = time
                    write(render(at: time) + "\n")
                }
            }
        }
    }

    /// Final state, always shown.
    public func finish() {
        lock.withLock {
            let line = render(at: now())
            switch style {
            case .bar: write("\r" + line + "\n")
            case .lines: write(line + "\n")
            }
        }
    }

    /// `label [#####.....] 120/500 24.0/s ETA 16s`, without a bar when drawn as lines.
    func render(at time: Date) -> String {
        let elapsed = max(time.timeIntervalSince(started), 0.001)
        let rate = Double(done) / elapsed
        var parts = [label]
        if case let .bar(width) = style, let total, total > 0 {
            let filled = min(width, width * done / total)
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]")
        }
        parts.append(total.map { "\(done)/\($0)" } ?? "\(done)")
        parts.append(String(format: "%.1f/s", rate))
        if let total, rate > 0, done < total {
            parts.append("ETA \(Int((Double(total - done) / rate).rounded(.up)))s")
        }
        return parts.joined(separator: " ")
    }
}
