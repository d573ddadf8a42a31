/// The script language's statements, run by `ScriptEngine` itself. Their
/// specs feed help and completion like any command's.
enum LanguageStatements {
    static let all: [CommandSpec] = [
        CommandSpec(name: "set", synopsis: "set [--secret] NOM VALEUR... | set errexit on|off | set format table|json|ndjson|csv",
                    summary: "Définir une variable (ou une option du script)",
                    details: """
                        La valeur est le reste de la ligne. --secret : la valeur est masquée partout où
                        la console écrit. « set » seul liste les variables.
                        errexit (activé par défaut) : arrêter le script à la première commande en échec.
                        Exemple : set SIRET 11000201100044
                        """, arity: 0...Int.max,
                    complete: { request in
                        switch request.arguments {
                        case []: return ["--secret", "errexit", "format"]
                        case ["errexit"]: return ["on", "off"]
                        case ["format"]: return OutputFormat.allCases.map(\.rawValue)
                        default: return []
                        }
                    }, run: nil),
        CommandSpec(name: "unset", synopsis: "unset NOM", summary: "Supprimer une variable (et ses champs capturés)", arity: 1...1, run: nil),
        CommandSpec(name: "echo", synopsis: "echo TEXTE...", summary: "Afficher un texte (variables remplacées)",
                    details: "Exemple : echo \"facture $inv.number déposée\"", arity: 0...Int.max, run: nil),
        CommandSpec(name: "sleep", synopsis: "sleep DURÉE", summary: "Attendre (500ms, 2s, 1.5)", arity: 1...1, run: nil),
        CommandSpec(name: "include", synopsis: "include FICHIER", summary: "Exécuter un autre script (chemin relatif au script courant)",
                    details: "Inclusion circulaire et profondeur au-delà de 16 refusées.", arity: 1...1,
                    complete: { request in request.arguments.isEmpty ? CompletionValues.filePaths(request.word) : [] }, run: nil),
        CommandSpec(name: "if", synopsis: "if CONDITION", summary: "Exécuter la suite jusqu'à else/end si la condition tient",
                    details: """
                        CONDITION : VALEUR, ou VALEUR OPÉRATEUR VALEUR, précédée de « not » au besoin.
                        Opérateurs : == != < <= > >= (numériques si les deux côtés sont des nombres), =~ !~ (regex).
                        Exemple : if $inv.status == A_RECYCLER
                        """, arity: 1...4, run: nil),
        CommandSpec(name: "else", synopsis: "else", summary: "Branche alternative d'un if", run: nil),
        CommandSpec(name: "end", synopsis: "end", summary: "Fin d'un bloc if", run: nil),
        CommandSpec(name: "expect", synopsis: "expect CONDITION", summary: "Assertion : échoue (code 4) si la condition ne tient pas",
                    details: "Exemple : expect $inv.status == MISE_A_DISPOSITION", arity: 1...4, run: nil),
        CommandSpec(name: "expect-error", synopsis: "expect-error CODE COMMANDE...",
                    summary: "Assertion : la commande doit échouer avec ce code d'erreur",
                    details: "Exemple : expect-error AUTH_REQUIRED whoami", arity: 2...Int.max, run: nil),
        CommandSpec(name: "expect-rows", synopsis: "expect-rows N COMMANDE...",
                    summary: "Assertion : la commande doit rendre N lignes", arity: 2...Int.max, run: nil),
        CommandSpec(name: "wait-event", synopsis: "wait-event TYPE [CHAMP=VALEUR|CHAMP~REGEX]... [--timeout 5s] [-> NOM]",
                    summary: "Assertion : attendre un événement poussé par le serveur à la session courante",
                    details: """
                        Prend le premier événement reçu (ou à venir) de ce type dont les champs
                        correspondent ; échoue (code 4) si aucun n'arrive avant le délai (5 s par défaut).
                        Types et champs :
                        \(EventPresentation.all.map { "  \($0.descriptor.kind) : \($0.fieldNames.joined(separator: ", "))" }.joined(separator: "\n"))
                        Exemple : wait-event notice text~maintenance --timeout 10s -> ev
                        """, arity: 1...Int.max, flags: ["--timeout"],
                    complete: { request in
                        request.flag == "--timeout" ? ["1s", "5s", "30s"] : (request.arguments.isEmpty ? EventPresentation.kinds : [])
                    }, run: nil),
        CommandSpec(name: "session", synopsis: "session [NOM]",
                    summary: "Changer de session (connexion) ; sans nom, afficher la session courante",
                    details: """
                        Chaque session a sa propre connexion et son propre utilisateur : un même script
                        peut jouer le fournisseur et l'acheteur. La session de départ s'appelle « main ».
                        """, arity: 0...1, run: nil),
        CommandSpec(name: "quit", synopsis: "quit", summary: "Quitter la console (aussi : exit, Ctrl-D)", run: nil),
    ]
}
