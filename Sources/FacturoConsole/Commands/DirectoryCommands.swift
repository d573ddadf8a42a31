import FacturoClient
import FacturoWire
import Foundation

/// `directory …` and `service save`: the annuaire.
enum DirectoryCommands {
    static let addressOptions: [CommandSpec.Option] = [
        .init("--address", "ADRESSE"), .init("--postcode", "CP"), .init("--town", "VILLE"), .init("--country", "FR"),
    ]
    static let parameterOptions: [CommandSpec.Option] = [
        .init("--service-code-required", "oui|non", values: .yesNo), .init("--engagement-required", "oui|non", values: .yesNo),
        .init("--engagement-or-service-code", "oui|non", values: .yesNo), .init("--mise-en-paiement", "oui|non", values: .yesNo),
        .init("--billing-mandate", "oui|non", values: .yesNo), .init("--check-engagements", "oui|non", values: .yesNo),
    ]
    static let statusOptions: [CommandSpec.Option] = [
        .init("--public", "oui|non", values: .yesNo), .init("--active", "oui|non", values: .yesNo),
    ]

    static let searchOptions: [CommandSpec.Option] = [CommandSpec.Option("--siret", "ID|SIREN"), .init("--postcode", "CP"), .init("--town", "VILLE")]
        + statusOptions + [CommandSpec.Option("--limit", "N"), .init("--offset", "N")]

    static let directory = CommandSpec(
        name: "directory",
        summary: "Annuaire des structures : recherche, fiche, création, paramètres, import CSV",
        details: """
            STRUCTURE : les 14 chiffres du SIRET, ou TYPE:identifiant (RIDET:…, HORS_UE:…).
            search : TEXTE cherche dans la raison sociale, sans tenir compte des accents ni de la casse.
            update : gestionnaires ; --public et --active : administrateurs.
                     --billing-mandate (mandat_facturation) : la structure peut saisir ses factures ;
                     --check-engagements (controle_engagements) : les factures qu'elle reçoit citent
                     l'un de ses engagements, détenu pour leur fournisseur.
            import : colonnes, voir le README (en-tête obligatoire, UTF-8, séparateur ; ou ,).
                     Une ligne invalide n'empêche pas les autres, sauf avec --all-or-nothing.
            Erreurs : INVALID_SIRET, INVALID_IDENTIFIER, NOT_FOUND, FORBIDDEN, ALREADY_EXISTS.
            """,
        subcommands: [search, show, create, update, importFile]
    )

    static let search = CommandSpec(
        name: "search", summary: "Chercher des structures (raison sociale, SIRET ou SIREN, code postal, ville)",
        positionals: [.init("TEXTE", optional: true)],
        options: searchOptions
    ) { arguments, context in
        var search = Facturo_V1_DirectorySearchRequest()
        search.name = arguments["TEXTE"] ?? ""
        search.identifier = arguments.option("--siret") ?? ""
        search.postcode = arguments.option("--postcode") ?? ""
        search.town = arguments.option("--town") ?? ""
        if let value = try arguments.yesNo("--public") { search.public = value }
        if let value = try arguments.yesNo("--active") { search.active = value }
        search.limit = UInt32(min(try arguments.count("--limit") ?? 50, 1000))
        search.offset = UInt32(clamping: try arguments.count("--offset") ?? 0)
        let answer = try await context.session.connected().call(DirectoryCatalogue.search, search)
        let table = CommandOutput.table(columns: OrganisationOutput.structureColumns, rows: answer.structures.map(OrganisationOutput.structureRow))
        let shown = Int(search.offset) + answer.structures.count
        guard shown < answer.total, !answer.structures.isEmpty else { return table }
        return .annotated(table, note: "\(answer.structures.count) structures affichées (\(search.offset + 1)–\(shown)) sur \(answer.total) : la suite avec --offset \(shown), ou --limit N (au plus 1000)")
    }

    static let show = CommandSpec(
        name: "show", summary: "Fiche d'une structure : adresse, paramètres de réception, services",
        positionals: [.init("STRUCTURE", values: .myStructures)]
    ) { arguments, context in
        let answer = try await context.session.connected().call(DirectoryCatalogue.show, Facturo_V1_StructureShowRequest.with { $0.structure = arguments.required("STRUCTURE") })
        return OrganisationOutput.structure(answer.structure)
    }

    static let create = CommandSpec(
        name: "create", summary: "Créer une structure (administrateurs)",
        positionals: [.init("STRUCTURE")],
        options: [.init("--name", "RAISON", required: true)] + addressOptions + statusOptions + parameterOptions
    ) { arguments, context in
        let structure = try Facturo_V1_StructureInfo.with {
            $0.identifier = arguments.required("STRUCTURE")
            $0.name = arguments.option("--name") ?? ""
            $0.addressLine = arguments.option("--address") ?? ""
            $0.postcode = arguments.option("--postcode") ?? ""
            $0.town = arguments.option("--town") ?? ""
            $0.countryCode = arguments.option("--country") ?? ""
            $0.public = try arguments.yesNo("--public") ?? true
            $0.active = try arguments.yesNo("--active") ?? true
            $0.serviceCodeRequired = try arguments.yesNo("--service-code-required") ?? false
            $0.engagementRequired = try arguments.yesNo("--engagement-required") ?? false
            $0.engagementOrServiceCode = try arguments.yesNo("--engagement-or-service-code") ?? false
            $0.handlesMiseEnPaiement = try arguments.yesNo("--mise-en-paiement") ?? false
            $0.billingMandate = try arguments.yesNo("--billing-mandate") ?? false
            $0.checkEngagements = try arguments.yesNo("--check-engagements") ?? false
        }
        let answer = try await context.session.connected().call(DirectoryCatalogue.create, Facturo_V1_StructureCreateRequest.with { $0.structure = structure })
        return OrganisationOutput.structure(answer.structure)
    }

    static let update = CommandSpec(
        name: "update", summary: "Modifier la fiche et les paramètres de réception d'une structure",
        positionals: [.init("STRUCTURE", values: .myStructures)],
        options: [.init("--name", "RAISON")] + addressOptions + parameterOptions + statusOptions
    ) { arguments, context in
        var update = Facturo_V1_StructureUpdateRequest()
        update.structure = arguments.required("STRUCTURE")
        if let value = arguments.option("--name") { update.name = value }
        if let value = arguments.option("--address") { update.addressLine = value }
        if let value = arguments.option("--postcode") { update.postcode = value }
        if let value = arguments.option("--town") { update.town = value }
        if let value = arguments.option("--country") { update.countryCode = value }
        if let value = try arguments.yesNo("--public") { update.public = value }
        if let value = try arguments.yesNo("--active") { update.active = value }
        if let value = try arguments.yesNo("--service-code-required") { update.serviceCodeRequired = value }
        if let value = try arguments.yesNo("--engagement-required") { update.engagementRequired = value }
        if let value = try arguments.yesNo("--engagement-or-service-code") { update.engagementOrServiceCode = value }
        if let value = try arguments.yesNo("--mise-en-paiement") { update.handlesMiseEnPaiement = value }
        if let value = try arguments.yesNo("--billing-mandate") { update.billingMandate = value }
        if let value = try arguments.yesNo("--check-engagements") { update.checkEngagements = value }
        let answer = try await context.session.connected().call(DirectoryCatalogue.update, update)
        guard case var .record(fields) = OrganisationOutput.structure(answer.structure) else { return .none }
        fields.insert(.init("changed", OrganisationOutput.yesNo(answer.changed)), at: 0)
        return .record(fields)
    }

    static let importFile = CommandSpec(
        name: "import", summary: "Importer un fichier CSV de structures et services (administrateurs)",
        details: """
            Le rapport donne les structures et services créés, modifiés, inchangés, et les 50
            premières lignes rejetées ; --rejects FICHIER.csv écrit chacune (line, code, message),
            même si l'import est interrompu. La commande échoue (statut 3 en script) dès qu'une
            ligne est rejetée, ou que rien n'est appliqué (--all-or-nothing). Interrompu (Ctrl-C,
            connexion perdue) : le message dit combien de lignes le serveur a acquittées ;
            relancer le même fichier est sans risque.
            Exemple : directory import annuaire.csv --rejects rejets.csv
            """,
        positionals: [.init("FICHIER.csv", values: .filePaths)],
        options: [.init("--chunk", "N"), .init("--rejects", "FICHIER.csv", values: .filePaths)], switches: ["--all-or-nothing"]
    ) { arguments, context in
        try await DirectoryImport(
            path: arguments.required("FICHIER.csv"), allOrNothing: arguments.has("--all-or-nothing"),
            chunkSize: try arguments.count("--chunk") ?? 1000, rejectsPath: arguments.option("--rejects")
        ).run(try await context.session.connected())
    }

    static let service = CommandSpec(
        name: "service",
        summary: "Créer ou modifier un service d'une structure (gestionnaires)",
        details: """
            Le code est en majuscules (A-Z, 0-9, _ et -). FACTURES_PUBLIQUES est réservé aux
            factures entre entités publiques.
            Erreurs : INVALID_SERVICE_CODE, INVALID_DATE, NOT_FOUND, FORBIDDEN.
            """,
        subcommands: [
            CommandSpec(
                name: "save", summary: "Créer ou modifier un service",
                positionals: [.init("STRUCTURE", values: .myStructures), .init("CODE")],
                options: [
                    .init("--label", "LIBELLE"), .init("--active", "oui|non", values: .yesNo),
                    .init("--engagement-required", "oui|non", values: .yesNo), .init("--from", "AAAA-MM-JJ"), .init("--until", "AAAA-MM-JJ"),
                ]
            ) { arguments, context in
                let code = arguments.required("CODE")
                let request = try Facturo_V1_ServiceSaveRequest.with {
                    $0.structure = arguments.required("STRUCTURE")
                    $0.service.code = code
                    $0.service.label = arguments.option("--label") ?? code
                    $0.service.active = try arguments.yesNo("--active") ?? true
                    $0.service.engagementRequired = try arguments.yesNo("--engagement-required") ?? false
                    $0.service.validFrom = arguments.option("--from") ?? ""
                    $0.service.validUntil = arguments.option("--until") ?? ""
                }
                let answer = try await context.session.connected().call(DirectoryCatalogue.saveService, request)
                return .record([.init("service", code), .init("result", answer.result)])
            },
        ]
    )
}
