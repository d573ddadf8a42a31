import Logging

/// Wraps the server's log handler so that no value a client chose can
/// forge a log line: control characters (newline, carriage return, NUL,
/// BEL, escape…) and the backslash itself are written as visible escapes
/// (`\n`, `\u{07}`, `\\`) in the message and in every metadata value.
/// A login e-mail holding "\n2026-12-01T00:00:00 critical …" stays on the
/// line of the refusal that logged it.
///
/// swift-log leaves escaping to handlers and `StreamLogHandler` writes
/// values raw, hence this small wrapper.
public struct EscapingLogHandler: LogHandler {
    private var wrapped: any LogHandler

    public init(wrapping handler: any LogHandler) {
        self.wrapped = handler
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue.mapValues(Self.escape) }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue.map(Self.escape) }
    }

    public func log(event: LogEvent) {
        var escaped = event
        escaped.message = "\(Self.escape(event.message.description))"
        escaped.metadata = event.metadata?.mapValues(Self.escape)
        wrapped.log(event: escaped)
    }

    public static func escape(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case let .string(text): .string(escape(text))
        case let .stringConvertible(convertible): .string(escape(convertible.description))
        case let .array(values): .array(values.map(escape))
        case let .dictionary(values): .dictionary(values.mapValues(escape))
        }
    }

    /// The text with every control character and backslash made visible.
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where needsEscape(scalar): out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\\" || scalar.properties.generalCategory == .control
            || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{85}"
    }
}
