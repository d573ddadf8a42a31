#if canImport(Glibc)
import Glibc
#endif

/// Colours for people, never for programs: only when the stream is a
/// terminal and NO_COLOR (https://no-color.org) is not set.
public struct Style: Sendable {
    public let enabled: Bool

    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Colours for standard error, decided once from the environment.
    public static func forStandardError(environment: [String: String]) -> Style {
        Style(enabled: isatty(STDERR_FILENO) == 1 && environment["NO_COLOR"].map(\.isEmpty) ?? true)
    }

    public func error(_ text: String) -> String { paint(text, "31") }
    public func notice(_ text: String) -> String { paint(text, "36") }

    private func paint(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
