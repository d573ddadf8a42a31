import FacturoClient
import FacturoDomain
import FacturoWire
import Foundation

/// `habilitations` (mine), `habilitation …` (managers), `request …`.
enum HabilitationCommands {
    static let applications = Application.allCases.map(\.rawValue)
    static let levels = AccessLevel.allCases.map(\.rawValue)

    static let mine = CommandSpec(
        name: "habilitations",
        synopsis: "habilitations [--application APP] [--structure STRUCTURE]",
        summary: "Mes habilitations (structure, raison sociale, service, profil)",
        details: """
            Le tableau de « Mes habilitations » du portail ; exportable : --format csv ou json.
            Exemple : habilitations --application factures_recues -> h   puis   expect $h.niveau == modification
            """,
        arity: 0...4,
        flags: ["--application", "--structure"],
        complete: { request in request.flag == "--application" ? applications : [] },
        run: { words, context in
            let arguments = try CommandArguments(words, flags: ["--application", "--structure"])
            _ = try arguments.positional(0, "habilitations [--application APP] [--structure STRUCTURE]")
            let answer = try await context.session.connected().call(HabilitationCatalogue.mine, Facturo_V1_MyHabilitationsRequest())
            let rows = answer.habilitations.filter { info in
                (arguments.options["--application"].map { $0 == info.application } ?? true)
                    && (arguments.options["--structure"].map { $0 == info.structure } ?? true)
            }
            return .table(columns: OrganisationOutput.habilitationColumns, rows: rows.map(OrganisationOutput.habilitationRow))
        }
    )

    static let structures = CommandSpec(
        name: "structures",
        synopsis: "structures",
        summary: "Mes structures : rattachements, rôle et services",
        details: """
            Les structures auxquelles vous êtes rattaché, votre rôle (gestionnaire_principal,
            gestionnaire_secondaire, utilisateur) et, si le rattachement est limité, ses services.
            Exemple : structures -> s   puis   expect $s.role == utilisateur
            """,
        run: { _, context in
            let answer = try await context.session.connected().call(HabilitationCatalogue.mine, Facturo_V1_MyHabilitationsRequest())
            return .table(
                columns: ["structure", "raison_sociale", "role", "services"],
                rows: answer.attachments.map { [$0.structure, $0.structureName, $0.role, $0.services.isEmpty ? "tous" : $0.services.joined(separator: ",")] }
            )
        }
    )

    static let habilitation = CommandSpec(
        name: "habilitation",
        synopsis: "habilitation list STRUCTURE [--user EMAIL] | grant|revoke EMAIL STRUCTURE APPLICATION NIVEAU [--service CODE]",
        summary: "Habilitations d'une structure : consulter, accorder, retirer (gestionnaires)",
        details: """
            APPLICATION : \(applications.joined(separator: ", "))
            NIVEAU : consultation, modification (modification inclut consultation ;
                     retirer modification laisse consultation).
            Erreurs : FORBIDDEN, NOT_FOUND, NOT_ATTACHED, INVALID_ARGUMENT.
            """,
        arity: 2...Int.max,
        flags: ["--user", "--service"],
        complete: { request in
            if request.arguments.isEmpty { return ["list", "grant", "revoke"] }
            if request.arguments.count == 3 { return applications }
            if request.arguments.count == 4 { return levels }
            return []
        },
        run: { words, context in
            let arguments = try CommandArguments(Array(words.dropFirst()), flags: ["--user", "--service"])
            let connection = try await context.session.connected()
            switch words[0] {
            case "list":
                let structure = try arguments.positional(1, "habilitation list STRUCTURE [--user EMAIL]")[0]
                let answer = try await connection.call(HabilitationCatalogue.list, Facturo_V1_HabilitationListRequest.with {
                    $0.structure = structure
                    $0.email = arguments.options["--user"] ?? ""
                })
                return .table(columns: OrganisationOutput.habilitationColumns, rows: answer.habilitations.map(OrganisationOutput.habilitationRow))
            case "grant", "revoke":
                let positional = try arguments.positional(4, "habilitation \(words[0]) EMAIL STRUCTURE APPLICATION NIVEAU [--service CODE]")
                let answer = try await connection.call(words[0] == "grant" ? HabilitationCatalogue.grant : HabilitationCatalogue.revoke, Facturo_V1_HabilitationChangeRequest.with {
                    $0.email = positional[0]
                    $0.structure = positional[1]
                    $0.application = positional[2]
                    $0.level = positional[3]
                    $0.serviceCode = arguments.options["--service"] ?? ""
                })
                return .record([.init("changed", OrganisationOutput.yesNo(answer.changed))])
            default:
                throw ConsoleError.usage("usage : habilitation list|grant|revoke …")
            }
        }
    )

    static let request = CommandSpec(
        name: "request",
        synopsis: "request add|remove STRUCTURE APPLICATION NIVEAU | list | approve|refuse|withdraw ID",
        summary: "Demandes d'habilitation : demander, suivre, approuver ou refuser",
        details: """
            add|remove STRUCTURE APPLICATION NIVEAU [--service CODE] [--comment TEXTE]
                  demander l'ajout ou le retrait d'une habilitation (structure de rattachement)
            list [--mine] [--structure STRUCTURE] [--pending]
                  gestionnaires : les demandes de leurs structures, avec pending_count ;
                  --mine : ses propres demandes et leur état
            approve ID [--comment TEXTE] | refuse ID --comment MOTIF | withdraw ID
                  le demandeur est prévenu (événement request-decided) et voit la décision
                  dans request list --mine
            Erreurs : NOT_FOUND, FORBIDDEN, ALREADY_EXISTS, INVALID_REQUEST_TRANSITION, CONFLICT.
            """,
        arity: 1...Int.max,
        flags: ["--service", "--comment", "--structure"],
        switches: ["--mine", "--pending"],
        complete: { request in
            if request.arguments.isEmpty { return ["add", "remove", "list", "approve", "refuse", "withdraw"] }
            if ["add", "remove"].contains(request.arguments[0]), request.arguments.count == 2 { return applications }
            if ["add", "remove"].contains(request.arguments[0]), request.arguments.count == 3 { return levels }
            return []
        },
        run: { words, context in
            let arguments = try CommandArguments(Array(words.dropFirst()), flags: ["--service", "--comment", "--structure"], switches: ["--mine", "--pending"])
            let connection = try await context.session.connected()
            switch words[0] {
            case "add", "remove":
                let positional = try arguments.positional(3, "request \(words[0]) STRUCTURE APPLICATION NIVEAU [--service CODE] [--comment TEXTE]")
                let answer = try await connection.call(HabilitationCatalogue.createRequest, Facturo_V1_HabilitationRequestCreateRequest.with {
                    $0.structure = positional[0]
                    $0.kind = words[0]
                    $0.application = positional[1]
                    $0.level = positional[2]
                    $0.serviceCode = arguments.options["--service"] ?? ""
                    $0.comment = arguments.options["--comment"] ?? ""
                })
                return record(answer.request)
            case "list":
                _ = try arguments.positional(0, "request list [--mine] [--structure STRUCTURE] [--pending]")
                let answer = try await connection.call(HabilitationCatalogue.listRequests, Facturo_V1_HabilitationRequestListRequest.with {
                    $0.mine = arguments.switches.contains("--mine")
                    $0.structure = arguments.options["--structure"] ?? ""
                    $0.pendingOnly = arguments.switches.contains("--pending")
                })
                var rows = answer.requests.map(OrganisationOutput.requestRow)
                rows = rows.map { $0 + [String(answer.pendingCount)] }
                return .table(columns: OrganisationOutput.requestColumns + ["pending_count"], rows: rows)
            case "approve", "refuse", "withdraw":
                let raw = try arguments.positional(1, "request \(words[0]) ID [--comment TEXTE]")[0]
                guard let id = Int64(raw) else { throw ConsoleError.usage("identifiant de demande invalide : \(raw)") }
                let answer = try await connection.call(HabilitationCatalogue.decideRequest, Facturo_V1_HabilitationRequestDecideRequest.with {
                    $0.id = id
                    $0.decision = words[0]
                    $0.comment = arguments.options["--comment"] ?? ""
                })
                return record(answer.request)
            default:
                throw ConsoleError.usage("usage : request add|remove|list|approve|refuse|withdraw …")
            }
        }
    )

    static func record(_ info: Facturo_V1_HabilitationRequestInfo) -> CommandOutput {
        .record(zip(OrganisationOutput.requestColumns, OrganisationOutput.requestRow(info)).map { CommandOutput.Field($0, $1) })
    }
}
