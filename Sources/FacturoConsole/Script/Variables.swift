/// Script variables: set by `set`, `-v NAME=VALUE` and captures
/// (`COMMAND -> inv` gives `inv.id`, `inv.number`, ...), with the process
/// environment readable behind them.
///
/// Values of secrets (variables set with `set --secret`, and environment
/// variables whose name says PASSWORD, SECRET or TOKEN) are masked in
/// everything the console prints.
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

    /// Values that must never be printed.
    public var secretValues: [String] {
        let declared = secretNames.compactMap { values[$0] }
        let fromEnvironment = environment.filter { Self.looksSecret($0.key) }.map(\.value)
        return (declared + fromEnvironment).filter { !$0.isEmpty }
    }

    /// `text` with every secret value replaced by `********`.
    public func masked(_ text: String) -> String {
        secretValues.sorted { $0.count > $1.count }.reduce(text) { $0.replacingOccurrences(of: $1, with: "********") }
    }

    static func looksSecret(_ name: String) -> Bool {
        let upper = name.uppercased()
        return ["PASSWORD", "SECRET", "TOKEN", "PASSWD"].contains { upper.contains($0) }
    }

    /// Whether `name` is a legal variable name (letters, digits, `_`, and
    /// dots between parts for captured fields).
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." } && !name.hasSuffix(".")
    }
}

import Foundation
