import Foundation

/// `~/.facturorc` (or `$FACTURORC`): defaults for the console's flags, one
/// `NAME = VALUE` per line, `#` comments. Flags and environment variables
/// win over it. Known names: server, ca, cert, key, user, format, history.
public struct RCFile: Sendable, Equatable {
    public static let knownNames: Set<String> = ["server", "ca", "cert", "key", "user", "format", "history"]

    public private(set) var values: [String: String] = [:]

    public subscript(name: String) -> String? { values[name] }

    public init() {}

    /// Parses `text`; `source` names the file in error messages.
    public init(text: String, source: String) throws(ConsoleError) {
        for (index, raw) in text.components(separatedBy: "\n").enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw .usage("\(source):\(index + 1): NOM = VALEUR attendu")
            }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard Self.knownNames.contains(name) else {
                throw .usage("\(source):\(index + 1): réglage inconnu « \(name) » (connus : \(Self.knownNames.sorted().joined(separator: ", ")))")
            }
            values[name] = value
        }
    }

    /// The rc file for this environment, or an empty one when it does not
    /// exist. An unreadable or malformed file is an error, not ignored.
    public static func load(environment: [String: String]) throws(ConsoleError) -> RCFile {
        let path = environment["FACTURORC"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.facturorc")
        guard FileManager.default.fileExists(atPath: path) else { return RCFile() }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .usage("\(path): fichier illisible")
        }
        return try RCFile(text: text, source: path)
    }
}
