import FacturoClient
import FacturoWire
import Foundation

/// `directory …` and `service save`: the annuaire.
enum DirectoryCommands {
    static let subcommands = ["search", "show", "create", "update", "import"]
    static let flags = [
        "--siret", "--postcode", "--town", "--public", "--active", "--limit", "--offset", "--name", "--address", "--country",
        "--service-code-required", "--engagement-required", "--engagement-or-service-code", "--mise-en-paiement", "--chunk",
    ]

    static let directory = CommandSpec(
        name: "directory",
        synopsis: "directory search|show|create|update|import …",
        summary: "Annuaire des structures : recherche, fiche, création, paramètres, import CSV",
        details: """
            search [TEXTE] [--siret ID|SIREN] [--postcode CP] [--town VILLE] [--public oui|non] [--active oui|non]
                           [--limit N] [--offset N]
                  TEXTE cherche dans la raison sociale, sans tenir compte des accents ni de la casse.
            show STRUCTURE            fiche : adresse, paramètres de réception, services
            create STRUCTURE --name RAISON [--public oui|non] [--address …] [--postcode CP] [--town VILLE]
                                      [--country FR]      (administrateurs)
            update STRUCTURE [--name …] [--address …] [--postcode …] [--town …] [--country …]
                   [--service-code-required oui|non] [--engagement-required oui|non]
                   [--engagement-or-service-code oui|non] [--mise-en-paiement oui|non]
                   [--public oui|non] [--active oui|non]   (gestionnaires ; public/actif : administrateurs)
            import FICHIER.csv [--all-or-nothing] [--chunk 1000]    (administrateurs)
                  colonnes : voir le README (en-tête obligatoire, UTF-8, séparateur ; ou ,).
                  Une ligne invalide n'empêche pas les autres, sauf avec --all-or-nothing.
            STRUCTURE : les 14 chiffres du SIRET, ou TYPE:identifiant (RIDET:…, HORS_UE:…).
            Erreurs : INVALID_SIRET, INVALID_IDENTIFIER, NOT_FOUND, FORBIDDEN, ALREADY_EXISTS.
            """,
        arity: 1...Int.max,
        flags: flags,
        switches: ["--all-or-nothing"],
        complete: { request in request.arguments.isEmpty ? subcommands : [] },
        run: { words, context in
            let arguments = try CommandArguments(Array(words.dropFirst()), flags: Set(flags), switches: ["--all-or-nothing"])
            let connection = try await context.session.connected()
            switch words[0] {
            case "search":
                guard arguments.positional.count <= 1 else { throw ConsoleError.usage("usage : directory search [TEXTE] [options]") }
                var search = Facturo_V1_DirectorySearchRequest()
                search.name = arguments.positional.first ?? ""
                search.identifier = arguments.options["--siret"] ?? ""
                search.postcode = arguments.options["--postcode"] ?? ""
                search.town = arguments.options["--town"] ?? ""
                if let value = try arguments.yesNo("--public") { search.public = value }
                if let value = try arguments.yesNo("--active") { search.active = value }
                search.limit = UInt32(min(try arguments.count("--limit") ?? 50, 1000))
                search.offset = UInt32(clamping: try arguments.count("--offset") ?? 0)
                let answer = try await connection.call(DirectoryCatalogue.search, search)
                return .table(columns: OrganisationOutput.structureColumns, rows: answer.structures.map(OrganisationOutput.structureRow))
            case "show":
                let id = try arguments.positional(1, "directory show STRUCTURE")[0]
                let answer = try await connection.call(DirectoryCatalogue.show, Facturo_V1_StructureShowRequest.with { $0.structure = id })
                return OrganisationOutput.structure(answer.structure)
            case "create":
                let id = try arguments.positional(1, "directory create STRUCTURE --name RAISON [options]")[0]
                guard let name = arguments.options["--name"] else { throw ConsoleError.usage("--name RAISON_SOCIALE est obligatoire") }
                let structure = try Facturo_V1_StructureInfo.with {
                    $0.identifier = id
                    $0.name = name
                    $0.addressLine = arguments.options["--address"] ?? ""
                    $0.postcode = arguments.options["--postcode"] ?? ""
                    $0.town = arguments.options["--town"] ?? ""
                    $0.countryCode = arguments.options["--country"] ?? ""
                    $0.public = try arguments.yesNo("--public") ?? true
                    $0.active = try arguments.yesNo("--active") ?? true
                    $0.serviceCodeRequired = try arguments.yesNo("--service-code-required") ?? false
                    $0.engagementRequired = try arguments.yesNo("--engagement-required") ?? false
                    $0.engagementOrServiceCode = try arguments.yesNo("--engagement-or-service-code") ?? false
                    $0.handlesMiseEnPaiement = try arguments.yesNo("--mise-en-paiement") ?? false
                }
                let answer = try await connection.call(DirectoryCatalogue.create, Facturo_V1_StructureCreateRequest.with { $0.structure = structure })
                return OrganisationOutput.structure(answer.structure)
            case "update":
                let id = try arguments.positional(1, "directory update STRUCTURE [options]")[0]
                var update = Facturo_V1_StructureUpdateRequest()
                update.structure = id
                if let value = arguments.options["--name"] { update.name = value }
                if let value = arguments.options["--address"] { update.addressLine = value }
                if let value = arguments.options["--postcode"] { update.postcode = value }
                if let value = arguments.options["--town"] { update.town = value }
                if let value = arguments.options["--country"] { update.countryCode = value }
                if let value = try arguments.yesNo("--public") { update.public = value }
                if let value = try arguments.yesNo("--active") { update.active = value }
                if let value = try arguments.yesNo("--service-code-required") { update.serviceCodeRequired = value }
                if let value = try arguments.yesNo("--engagement-required") { update.engagementRequired = value }
                if let value = try arguments.yesNo("--engagement-or-service-code") { update.engagementOrServiceCode = value }
                if let value = try arguments.yesNo("--mise-en-paiement") { update.handlesMiseEnPaiement = value }
                let answer = try await connection.call(DirectoryCatalogue.update, update)
                guard case var .record(fields) = OrganisationOutput.structure(answer.structure) else { return .none }
                fields.insert(.init("changed", OrganisationOutput.yesNo(answer.changed)), at: 0)
                return .record(fields)
            case "import":
                let path = try arguments.positional(1, "directory import FICHIER.csv [--all-or-nothing] [--chunk N]")[0]
                return try await DirectoryImport(
                    path: path, allOrNothing: arguments.switches.contains("--all-or-nothing"),
                    chunkSize: try arguments.count("--chunk") ?? 1000
                ).run(connection)
            default:
                throw ConsoleError.usage("sous-commande inconnue : directory \(words[0]) (\(subcommands.joined(separator: ", ")))")
            }
        }
    )

    static let service = CommandSpec(
        name: "service",
        synopsis: "service save STRUCTURE CODE --label LIBELLE [options]",
        summary: "Créer ou modifier un service d'une structure (gestionnaires)",
        details: """
            save STRUCTURE CODE --label LIBELLE [--active oui|non] [--engagement-required oui|non]
                 [--from AAAA-MM-JJ] [--until AAAA-MM-JJ]
            Le code est en majuscules (A-Z, 0-9, _ et -). FACTURES_PUBLIQUES est réservé aux
            factures entre entités publiques.
            Erreurs : INVALID_SERVICE_CODE, INVALID_DATE, NOT_FOUND, FORBIDDEN.
            """,
        arity: 3...Int.max,
        flags: ["--label", "--active", "--engagement-required", "--from", "--until"],
        complete: { request in request.arguments.isEmpty ? ["save"] : [] },
        run: { words, context in
            guard words[0] == "save" else { throw ConsoleError.usage("usage : service save STRUCTURE CODE --label LIBELLE [options]") }
            let arguments = try CommandArguments(Array(words.dropFirst()), flags: ["--label", "--active", "--engagement-required", "--from", "--until"])
            let positional = try arguments.positional(2, "service save STRUCTURE CODE --label LIBELLE [options]")
            let request = try Facturo_V1_ServiceSaveRequest.with {
                $0.structure = positional[0]
                $0.service.code = positional[1]
                $0.service.label = arguments.options["--label"] ?? positional[1]
                $0.service.active = try arguments.yesNo("--active") ?? true
                $0.service.engagementRequired = try arguments.yesNo("--engagement-required") ?? false
                $0.service.validFrom = arguments.options["--from"] ?? ""
                $0.service.validUntil = arguments.options["--until"] ?? ""
            }
            let answer = try await context.session.connected().call(DirectoryCatalogue.saveService, request)
            return .record([.init("service", positional[1]), .init("result", answer.result)])
        }
    )
}
