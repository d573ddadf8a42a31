/// Synopses, help texts and the "which command" errors, all generated from
/// the specs and phrased one way.
enum CommandHelp {
    /// `user create EMAIL --name NOM [--kind TYPE]... [--pending]`; for a
    /// group, its sub-commands: `user create|list|...`.
    static func synopsis(_ spec: CommandSpec, path: String) -> String {
        if let usage = spec.usage { return usage }
        if !spec.subcommands.isEmpty {
            return "\(path) \(spec.subcommands.map(\.name).joined(separator: "|")) …"
        }
        var parts = [path]
        for argument in spec.positionals {
            let name = argument.isVariadic ? "\(argument.name)..." : argument.name
            parts.append(argument.isOptional ? "[\(name)]" : name)
        }
        for option in spec.options {
            parts.append(option.isRequired ? "\(option.flag) \(option.placeholder)" : "[\(option.flag) \(option.placeholder)]")
        }
        parts += spec.switches.map { "[\($0)]" }
        return parts.joined(separator: " ")
    }

    /// `help COMMAND [SUB]`: synopsis, summary, details; for a group, each
    /// sub-command's synopsis and summary, then the group's details.
    static func text(_ spec: CommandSpec, path: String) -> String {
        var lines = [synopsis(spec, path: path), "  " + spec.summary]
        if let example = CommandExamples.byPath[path] { lines.append("  Exemple : " + example) }
        if !spec.subcommands.isEmpty {
            lines.append("")
            for sub in spec.subcommands {
                lines.append("  " + synopsis(sub, path: "\(path) \(sub.name)"))
                lines.append("      " + sub.summary)
                if let example = CommandExamples.byPath["\(path) \(sub.name)"] { lines.append("      Exemple : " + example) }
            }
        }
        if !spec.details.isEmpty {
            lines.append("")
            lines += spec.details.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        }
        if !spec.subcommands.isEmpty {
            lines.append("")
            lines.append("  help \(path) SOUS-COMMANDE pour le détail d'une sous-commande.")
        }
        return lines.joined(separator: "\n")
    }

    /// Follows `words` through a group's sub-commands down to the leaf that
    /// runs; returns it, its path (`user create`) and the words left.
    static func resolve(_ spec: CommandSpec, words: [String]) throws(ConsoleError) -> (CommandSpec, String, [String]) {
        var spec = spec
        var path = spec.name
        var words = words
        while !spec.subcommands.isEmpty {
            guard let word = words.first else {
                throw .usage("usage : \(synopsis(spec, path: path))")
            }
            guard let sub = spec.subcommand(word) else {
                throw unknownSubcommand(word, of: spec, path: path)
            }
            spec = sub
            path += " " + word
            words.removeFirst()
        }
        return (spec, path, words)
    }

    static func unknownSubcommand(_ word: String, of spec: CommandSpec, path: String) -> ConsoleError {
        .usage("sous-commande inconnue : \(path) \(word) (\(spec.subcommands.map(\.name).joined(separator: ", "))) ; « help \(path) » les décrit")
    }
}
