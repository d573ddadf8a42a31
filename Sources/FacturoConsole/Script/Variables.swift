/// Script variables: set by `set`, `-v NAME=VALUE` and captures
/// (`COMMAND -> inv` gives `inv.id`, `inv.number`, ...), with the process
/// environment readable behind them.
///
/// Values of secrets — variables set with `set --secret`, and the
/// environment variables the console itself sends as passwords
/// (`sentSecretEnvironment`) — are masked in what the console prints for
/// people; machine formats (CSV, JSON) are never rewritten. Other
/// environment variables are no secrets of the console's, whatever their
/// name (`MY_TOKEN_TTL=0` once turned every 0 printed into `********`).
public struct Variables: Sendable {
    private var values: [String: String] = [:]
    private var secretNames: Set<String> = []
    private let environment: [String: String]

    public init(environment: [String: String] = [:]) {
        self.environment = environment
    }

    public subscript(name: String) -> String? {
        values[name] ?? environment[name]
    }

    public mutating func set(_ name: String, _ value: String, secret: Bool = false) {
        values[name] = value
        if secret { secretNames.insert(name) } else { secretNames.remove(name) }
    }

    /// Removes `name` and every captured field under it (`name.*`).
    public mutating func unset(_ name: String) {
        values = values.filter { $0.key != name && !$0.key.hasPrefix(name + ".") }
        secretNames.remove(name)
    }

    /// Script variable names, sorted (for `set` without arguments and completion).
    public var names: [String] { values.keys.sorted() }

    /// The environment variables the console reads passwords from.
    public static let sentSecretEnvironment = ["FACTURO_PASSWORD", "FACTURO_NEW_PASSWORD"]

    /// Secrets at least this long are masked wherever they appear; shorter
    /// ones only as a whole word, so that masking never cuts into other
    /// values (and never shows, by the holes it makes, what the secret is).
    static let substringMaskingLength = 8

    /// Whether `name` was set with `set --secret`.
    public func isSecret(_ name: String) -> Bool { secretNames.contains(name) }

    /// Values that must never be printed.
    public var secretValues: [String] {
        let declared = secretNames.compactMap { values[$0] }
        let fromEnvironment = Self.sentSecretEnvironment.compactMap { environment[$0] }
        return (declared + fromEnvironment).filter { !$0.isEmpty }
    }

    /// `text` for people, with every secret value replaced by `********`.
    public func masked(_ text: String) -> String {
        secretValues.sorted { $0.count > $1.count }.reduce(text) { text, secret in
            secret.count >= Self.substringMaskingLength
                ? text.replacingOccurrences(of: secret, with: "********")
                : Self.maskingWholeWords(secret, in: text)
        }
    }

    /// Occurrences of `word` not touching a letter or digit on either side.
    static func maskingWholeWords(_ word: String, in text: String) -> String {
        var result = ""
        var rest = text[...]
        while let range = rest.range(of: word) {
            let before = range.lowerBound == rest.startIndex ? result.last : rest[rest.index(before: range.lowerBound)]
            let after = range.upperBound == rest.endIndex ? nil : rest[range.upperBound]
            let isWord = !(before.map { $0.isLetter || $0.isNumber } ?? false) && !(after.map { $0.isLetter || $0.isNumber } ?? false)
            result += rest[..<range.lowerBound]
            result += isWord ? "********" : String(rest[range])
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    /// Whether `name` is a legal variable name (letters, digits, `_`, and
    /// dots between parts for captured fields).
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." } && !name.hasSuffix(".")
    }
}

import Foundation
