/// The script language's statements, run by `ScriptEngine` itself from
/// their words. Their specs feed help and completion like any command's,
/// and the engine checks their number of words against them.
enum LanguageStatements {
    /// `set errexit on|off`, `set format FORMAT`: the option names, then their values.
    static let setValues = CompletionSource { request in
        switch request.arguments {
        case []: return ["--secret", "errexit", "format"]
        case ["errexit"]: return ["on", "off"]
        case ["format"]: return OutputFormat.allCases.map(\.rawValue)
        default: return []
        }
    }

    static let all: [CommandSpec] = [
        CommandSpec(name: "set", summary: "Définir une variable (ou une option du script)",
                    details: """
                        set [--secret] NOM VALEUR...   la valeur est le reste de la ligne ; --secret : la
                                                       valeur est masquée partout où la console écrit
                        set errexit on|off             arrêter le script à la première commande en échec (on, défaut) ;
                                                       off : continuer, $last_status donne le statut de la dernière ligne
                                                       et le statut de sortie est celui de la dernière ligne (4 si une
                                                       assertion a échoué)
                        set format table|json|ndjson|csv
                        set                            lister les variables
                        Exemple : set SIRET 11000201100044
                        """,
                    positionals: [.init("NOM", optional: true, values: setValues), .init("VALEUR", optional: true, variadic: true, values: setValues)],
                    switches: ["--secret"], run: nil),
        CommandSpec(name: "unset", summary: "Supprimer une variable (et ses champs capturés)", positionals: [.init("NOM")], run: nil),
        CommandSpec(name: "echo", summary: "Afficher un texte (variables remplacées)",
                    details: "Exemple : echo \"facture $inv.number déposée\"",
                    positionals: [.init("TEXTE", optional: true, variadic: true)], run: nil),
        CommandSpec(name: "sleep", summary: "Attendre (500ms, 2s, 1.5)", positionals: [.init("DURÉE")], run: nil),
        CommandSpec(name: "include", summary: "Exécuter un autre script (chemin relatif au script courant)",
                    details: "Inclusion circulaire et profondeur au-delà de 16 refusées.",
                    positionals: [.init("FICHIER", values: .filePaths)], run: nil),
        CommandSpec(name: "if", summary: "Exécuter la suite jusqu'à else/end si la condition tient",
                    details: """
                        CONDITION : VALEUR, ou VALEUR OPÉRATEUR VALEUR, précédée de « not » au besoin.
                        Opérateurs : == != < <= > >= (numériques si les deux côtés sont des nombres), =~ !~ (regex).
                        Exemple : if $inv.status == A_RECYCLER
                        """,
                    positionals: [.init("CONDITION", variadic: true)], run: nil),
        CommandSpec(name: "else", summary: "Branche alternative d'un if", run: nil),
        CommandSpec(name: "end", summary: "Fin d'un bloc if", run: nil),
        CommandSpec(name: "expect", summary: "Assertion : échoue (code 4) si la condition ne tient pas",
                    details: "CONDITION comme pour if. Exemple : expect $inv.status == MISE_A_DISPOSITION",
                    positionals: [.init("CONDITION", variadic: true)], run: nil),
        CommandSpec(name: "expect-error", summary: "Assertion : la commande doit échouer avec ce code d'erreur",
                    details: "Le code est le code principal de l'erreur. Exemple : expect-error AUTH_REQUIRED whoami",
                    positionals: [.init("CODE"), .init("COMMANDE", variadic: true)], run: nil),
        CommandSpec(name: "expect-rows", summary: "Assertion : la commande doit rendre N lignes",
                    positionals: [.init("N"), .init("COMMANDE", variadic: true)], run: nil),
        CommandSpec(name: "wait-event", summary: "Assertion : attendre un événement poussé par le serveur à la session courante",
                    details: """
                        Prend le premier événement reçu (ou à venir) de ce type dont les champs
                        correspondent (CHAMP=VALEUR, ou CHAMP~REGEX) ; échoue (code 4) si aucun n'arrive
                        avant le délai (5 s par défaut). « -> NOM » capture ses champs.
                        Types et champs :
                        \(EventPresentation.all.map { "  \($0.descriptor.kind) : \($0.fieldNames.joined(separator: ", "))" }.joined(separator: "\n"))
                          connection-lost : code, reason   (la console : la connexion d'une session s'est terminée)
                        Exemple : wait-event notice text~maintenance --timeout 10s -> ev
                        """,
                    positionals: [.init("TYPE", values: .fixed(EventPresentation.kinds)), .init("FILTRE", optional: true, variadic: true)],
                    options: [.init("--timeout", "DURÉE", values: .fixed(["1s", "5s", "30s"]))], run: nil),
        CommandSpec(name: "session", summary: "Changer de session (connexion) ; sans nom, afficher la session courante",
                    details: """
                        Chaque session a sa propre connexion et son propre utilisateur : un même script
                        peut jouer le fournisseur et l'acheteur. La session de départ s'appelle « main ».
                        """,
                    positionals: [.init("NOM", optional: true)], run: nil),
        CommandSpec(name: "quit", summary: "Quitter la console (aussi : exit, Ctrl-D)", run: nil),
    ]
}
