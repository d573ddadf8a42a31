import FacturoClient
import FacturoDomain
import FacturoWire
import Foundation

/// `habilitations` (mine), `structures` (mine), `habilitation …`
/// (managers), `request …` (the request workflow).
enum HabilitationCommands {
    static let applications = CompletionSource.fixed(Application.allCases.map(\.rawValue))
    static let levels = CompletionSource.fixed(AccessLevel.allCases.map(\.rawValue))

    static let mine = CommandSpec(
        name: "habilitations",
        summary: "Mes habilitations (structure, raison sociale, service, profil)",
        details: """
            Le tableau de « Mes habilitations » du portail ; exportable : --format csv ou json.
            Exemple : habilitations --application factures_recues -> h   puis   expect $h.niveau == modification
            """,
        options: [.init("--application", "APPLICATION", values: applications), .init("--structure", "STRUCTURE", values: .myStructures)]
    ) { arguments, context in
        let answer = try await context.session.connected().callAllPages(HabilitationCatalogue.mine, Facturo_V1_MyHabilitationsRequest())
        let rows = answer.habilitations.filter { info in
            (arguments.option("--application").map { $0 == info.application } ?? true)
                && (arguments.option("--structure").map { $0 == info.structure } ?? true)
        }
        return .table(columns: OrganisationOutput.habilitationColumns, rows: rows.map(OrganisationOutput.habilitationRow))
    }

    static let structures = CommandSpec(
        name: "structures",
        summary: "Mes structures : rattachements, rôle et services",
        details: """
            Les structures auxquelles vous êtes rattaché, votre rôle (gestionnaire_principal,
            gestionnaire_secondaire, utilisateur) et, si le rattachement est limité, ses services.
            Exemple : structures -> s   puis   expect $s.role == utilisateur
            """
    ) { _, context in
        let answer = try await context.session.connected().callAllPages(HabilitationCatalogue.mine, Facturo_V1_MyHabilitationsRequest())
        return .table(
            columns: ["structure", "raison_sociale", "role", "services"],
            rows: answer.attachments.map { [$0.structure, $0.structureName, $0.role, $0.services.isEmpty ? "tous" : $0.services.joined(separator: ",")] }
        )
    }

    static let habilitation = CommandSpec(
        name: "habilitation",
        summary: "Habilitations d'une structure : consulter, accorder, retirer (gestionnaires)",
        details: """
            APPLICATION : \(Application.allCases.map(\.rawValue).joined(separator: ", "))
            NIVEAU : \(AccessLevel.allCases.map(\.rawValue).joined(separator: ", ")) (modification inclut consultation ;
                     retirer modification laisse consultation).
            Erreurs : FORBIDDEN, NOT_FOUND, NOT_ATTACHED, INVALID_ARGUMENT.
            """,
        subcommands: [
            CommandSpec(
                name: "list", summary: "Les habilitations d'une structure (gestionnaires, ou utilisateurs en consultation)",
                positionals: [.init("STRUCTURE", values: .myStructures)], options: [.init("--user", "EMAIL")]
            ) { arguments, context in
                let answer = try await context.session.connected().callAllPages(HabilitationCatalogue.list, Facturo_V1_HabilitationListRequest.with {
                    $0.structure = arguments.required("STRUCTURE")
                    $0.email = arguments.option("--user") ?? ""
                })
                return .table(columns: OrganisationOutput.habilitationColumns, rows: answer.habilitations.map(OrganisationOutput.habilitationRow))
            },
            change("grant", HabilitationCatalogue.grant, "Accorder une habilitation (ou l'élever)"),
            change("revoke", HabilitationCatalogue.revoke, "Retirer une habilitation (modification redescend à consultation)"),
        ]
    )

    static func change(
        _ name: String, _ descriptor: RequestDescriptor<Facturo_V1_HabilitationChangeRequest, Facturo_V1_HabilitationChangeResponse>, _ summary: String
    ) -> CommandSpec {
        CommandSpec(
            name: name, summary: summary,
            positionals: [.init("EMAIL"), .init("STRUCTURE", values: .myStructures), .init("APPLICATION", values: applications), .init("NIVEAU", values: levels)],
            options: [.init("--service", "CODE")]
        ) { arguments, context in
            let answer = try await context.session.connected().call(descriptor, Facturo_V1_HabilitationChangeRequest.with {
                $0.email = arguments.required("EMAIL")
                $0.structure = arguments.required("STRUCTURE")
                $0.application = arguments.required("APPLICATION")
                $0.level = arguments.required("NIVEAU")
                $0.serviceCode = arguments.option("--service") ?? ""
            })
            return .record([.init("changed", OrganisationOutput.yesNo(answer.changed))])
        }
    }

    static let request = CommandSpec(
        name: "request",
        summary: "Demandes d'habilitation et de rattachement : demander, suivre, approuver ou refuser",
        details: """
            Le demandeur est prévenu de la décision (événement request-decided) et la voit
            dans request list --mine. Une demande identique déjà en attente est refusée
            (ALREADY_EXISTS).
            attach : se rattacher à une structure dont on n'est pas membre, avec une première
            habilitation ; approuvée, elle rattache comme utilisateur (au service demandé, s'il
            y en a un) et accorde l'habilitation. 10 demandes de rattachement en attente au plus.
            Erreurs : NOT_FOUND, FORBIDDEN, ALREADY_EXISTS, ALREADY_ATTACHED, NOT_ATTACHED, INVALID_ARGUMENT,
                      INVALID_REQUEST_TRANSITION, CONFLICT.
            """,
        subcommands: HabilitationRequest.Kind.allCases.map(create) + [
            CommandSpec(
                name: "list",
                summary: "Gestionnaires : les demandes de leurs structures, avec pending_count ; --mine : ses propres demandes",
                options: [.init("--structure", "STRUCTURE", values: .myStructures)], switches: ["--mine", "--pending"]
            ) { arguments, context in
                let answer = try await context.session.connected().callAllPages(HabilitationCatalogue.listRequests, Facturo_V1_HabilitationRequestListRequest.with {
                    $0.mine = arguments.has("--mine")
                    $0.structure = arguments.option("--structure") ?? ""
                    $0.pendingOnly = arguments.has("--pending")
                })
                let rows = answer.requests.map(OrganisationOutput.requestRow).map { $0 + [String(answer.pendingCount)] }
                return .table(columns: OrganisationOutput.requestColumns + ["pending_count"], rows: rows)
            },
        ] + HabilitationRequest.Decision.allCases.map(decide)
    )

    static func create(_ kind: HabilitationRequest.Kind) -> CommandSpec {
        let summary = switch kind {
        case .add: "Demander une habilitation sur une structure de rattachement"
        case .remove: "Demander le retrait d'une habilitation"
        case .attach: "Demander son rattachement à une structure, avec une première habilitation"
        }
        return CommandSpec(
            name: kind.rawValue, summary: summary,
            positionals: [.init("STRUCTURE", values: kind == .attach ? nil : .myStructures), .init("APPLICATION", values: applications), .init("NIVEAU", values: levels)],
            options: [.init("--service", "CODE"), .init("--comment", "TEXTE")]
        ) { arguments, context in
            let answer = try await context.session.connected().call(HabilitationCatalogue.createRequest, Facturo_V1_HabilitationRequestCreateRequest.with {
                $0.structure = arguments.required("STRUCTURE")
                $0.kind = kind.rawValue
                $0.application = arguments.required("APPLICATION")
                $0.level = arguments.required("NIVEAU")
                $0.serviceCode = arguments.option("--service") ?? ""
                $0.comment = arguments.option("--comment") ?? ""
            })
            return record(answer.request)
        }
    }

    static func decide(_ decision: HabilitationRequest.Decision) -> CommandSpec {
        let summary = switch decision {
        case .approve: "Approuver une demande (gestionnaires ; pas la sienne)"
        case .refuse: "Refuser une demande, motif obligatoire (--comment)"
        case .withdraw: "Retirer sa propre demande"
        }
        return CommandSpec(name: decision.rawValue, summary: summary, positionals: [.init("ID")], options: [.init("--comment", "TEXTE")]) { arguments, context in
            let raw = arguments.required("ID")
            guard let id = Int64(raw) else { throw ConsoleError.usage("identifiant de demande invalide : \(raw)") }
            let answer = try await context.session.connected().call(HabilitationCatalogue.decideRequest, Facturo_V1_HabilitationRequestDecideRequest.with {
                $0.id = id
                $0.decision = decision.rawValue
                $0.comment = arguments.option("--comment") ?? ""
            })
            return record(answer.request)
        }
    }

    static func record(_ info: Facturo_V1_HabilitationRequestInfo) -> CommandOutput {
        .record(zip(OrganisationOutput.requestColumns, OrganisationOutput.requestRow(info)).map { CommandOutput.Field($0, $1) })
    }
}
