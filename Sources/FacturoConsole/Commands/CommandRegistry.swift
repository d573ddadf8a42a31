/// The console's table of commands.
public struct CommandRegistry: Sendable {
    public private(set) var commands: [String: CommandSpec] = [:]

    public init(_ specs: [CommandSpec] = []) {
        for spec in specs { register(spec) }
    }

    public mutating func register(_ spec: CommandSpec) {
        precondition(commands[spec.name] == nil, "command \(spec.name) registered twice")
        commands[spec.name] = spec
    }

    public subscript(name: String) -> CommandSpec? { commands[name] }

    /// Command names in alphabetical order (help listing, completion).
    public var names: [String] { commands.keys.sorted() }

    /// Known names close to a mistyped one, for "did you mean".
    public func suggestions(for name: String) -> [String] {
        names.filter { $0.hasPrefix(String(name.prefix(2))) || editDistance($0, name) <= 2 }
    }

    private func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
