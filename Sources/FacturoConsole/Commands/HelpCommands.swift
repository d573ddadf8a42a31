/// help and quit: generated from, and about, the registry itself.
enum HelpCommands {
    static let all: [CommandSpec] = [help]

    static let help = CommandSpec(
        name: "help",
        synopsis: "help [COMMAND]",
        summary: "Lister les commandes, ou décrire l'une d'elles",
        arity: 0...1
    ) { arguments, context in
        let registry = context.registry
        guard let name = arguments.first else {
            let width = registry.names.map(\.count).max() ?? 0
            let lines = registry.names.compactMap { registry[$0] }.map {
                "  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.summary
            }
            return .message((["Commandes :"] + lines + ["", "help COMMANDE pour le détail d'une commande."]).joined(separator: "\n"))
        }
        guard let spec = registry[name] else {
            throw ConsoleError.unknownCommand(name, registry: registry)
        }
        var text = "\(spec.synopsis)\n  \(spec.summary)"
        if !spec.details.isEmpty {
            text += "\n\n" + spec.details.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        }
        return .message(text)
    }
}

extension ConsoleError {
    static func unknownCommand(_ name: String, registry: CommandRegistry) -> ConsoleError {
        let suggestions = registry.suggestions(for: name)
        let hint = suggestions.isEmpty ? "" : " (vouliez-vous dire : \(suggestions.joined(separator: ", ")) ?)"
        return .usage("commande inconnue : \(name)\(hint) ; « help » liste les commandes")
    }
}
