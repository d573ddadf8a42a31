/// `help`: generated from, and about, the command table itself.
enum HelpCommands {
    static let all: [CommandSpec] = [help]

    static let help = CommandSpec(
        name: "help",
        summary: "Lister les commandes, ou décrire l'une d'elles (et ses sous-commandes)",
        positionals: [.init("COMMANDE", optional: true), .init("SOUS-COMMANDE", optional: true, variadic: true)]
    ) { arguments, context in
        let registry = context.registry
        guard let name = arguments["COMMANDE"] else {
            let width = registry.names.map(\.count).max() ?? 0
            let lines = registry.names.compactMap { registry[$0] }.map {
                "  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.summary
            }
            return .message((["Commandes :"] + lines + ["", "help COMMANDE pour le détail d'une commande."]).joined(separator: "\n"))
        }
        guard var spec = registry[name] else {
            throw ConsoleError.unknownCommand(name, registry: registry)
        }
        var path = name
        for word in arguments.rest("SOUS-COMMANDE") {
            guard let sub = spec.subcommand(word) else { throw CommandHelp.unknownSubcommand(word, of: spec, path: path) }
            spec = sub
            path += " " + word
        }
        return .message(CommandHelp.text(spec, path: path))
    }
}

extension ConsoleError {
    static func unknownCommand(_ name: String, registry: CommandRegistry) -> ConsoleError {
        let suggestions = registry.suggestions(for: name)
        let hint = suggestions.isEmpty ? "" : " (vouliez-vous dire : \(suggestions.joined(separator: ", ")) ?)"
        return .usage("commande inconnue : \(name)\(hint) ; « help » liste les commandes")
    }
}
