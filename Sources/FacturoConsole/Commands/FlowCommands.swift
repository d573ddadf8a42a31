import FacturoClient
import FacturoDomain
import FacturoWire
import Foundation

/// `flow …`: a zip of invoices (factures.csv and their PDFs) sent at once,
/// integrated by the server in the background.
enum FlowCommands {
    static let flow = CommandSpec(
        name: "flow",
        summary: "Flux : un zip de factures (factures.csv et leurs PDF), intégré en arrière-plan",
        details: """
            send : envoie le zip (1 Gio, 500 factures au plus) et répond aussitôt avec l'identifiant du flux
                   (statut RECU). Le serveur l'intègre ensuite ; l'événement flow-integrated prévient quand
                   c'est fini (wait-event flow-integrated). --key K : renvoyer la même clé rend le même flux.
            Le zip porte à sa racine factures.csv (UTF-8, séparateur ; ou ,), une ligne par facture :
              colonnes obligatoires : \(FlowManifest.requiredColumns.joined(separator: ", "))
              facultatives : \(FlowManifest.optionalColumns.joined(separator: ", "))
              fichier : le nom du PDF de la facture dans le zip.
            Chaque facture passe les contrôles d'un dépôt ; les bonnes passent même si d'autres sont rejetées.
            status : RECU, EN_COURS, puis INTEGRE (toutes), INTEGRE_PARTIEL (une partie), REJETE (aucune,
                     ou zip illisible : son code et son message).
            report : une ligne par facture : ligne, numero, statut (INTEGREE, REJETEE), code, message, facture.
            Erreurs : FLOW_TOO_LARGE, INVALID_FLOW, NOT_FOUND, FORBIDDEN.
            """,
        subcommands: [send, status, report, list]
    )

    static let send = CommandSpec(
        name: "send", summary: "Envoyer un flux (zip) pour un fournisseur",
        positionals: [.init("FICHIER.zip", values: .filePaths)],
        options: [.init("--supplier", "STRUCTURE", required: true, values: .myStructures), .init("--key", "CLE")]
    ) { arguments, context in
        let path = arguments.required("FICHIER.zip")
        let connection = try await context.session.connected()
        let file = try await FileTransfer.upload(path, flow: true, connection)
        let answer = try await connection.call(InvoiceCatalogue.flowSend, .with {
            $0.supplier = arguments.option("--supplier") ?? ""
            $0.uploadID = file.id
            $0.name = file.name
            $0.key = arguments.option("--key") ?? ""
        })
        return .record(fields(answer.flow) + [.init("rejoue", answer.replayed ? "oui" : "non")])
    }

    static let status = CommandSpec(
        name: "status", summary: "Où en est un flux", positionals: [.init("ID")]
    ) { arguments, context in
        let answer = try await context.session.connected().call(InvoiceCatalogue.flowStatus, .with { $0.id = arguments.required("ID") })
        return .record(fields(answer.flow))
    }

    static let report = CommandSpec(
        name: "report", summary: "Le compte rendu d'un flux, facture par facture", positionals: [.init("ID")]
    ) { arguments, context in
        let answer = try await context.session.connected().call(InvoiceCatalogue.flowReport, .with { $0.id = arguments.required("ID") })
        let table = CommandOutput.table(
            columns: ["ligne", "numero", "statut", "code", "message", "facture"],
            rows: answer.rows.map { [String($0.line), $0.number, $0.status, $0.code, $0.message, $0.invoiceID] }
        )
        guard answer.flow.code.isEmpty else { return .annotated(table, note: "flux rejeté : \(answer.flow.code): \(answer.flow.message)") }
        return table
    }

    static let list = CommandSpec(
        name: "list", summary: "Mes flux, les plus récents d'abord",
        options: [.init("--supplier", "STRUCTURE", values: .myStructures), .init("--limit", "N"), .init("--after", "CURSEUR")]
    ) { arguments, context in
        let limit = min(try arguments.count("--limit") ?? 50, 1000)
        let answer = try await context.session.connected().call(InvoiceCatalogue.flowList, .with {
            $0.supplier = arguments.option("--supplier") ?? ""
            $0.limit = UInt32(limit)
            $0.after = arguments.option("--after") ?? ""
        })
        let columns = ["id", "fournisseur", "fichier", "statut", "integrees", "rejetees", "recu_le"]
        let table = CommandOutput.table(columns: columns, rows: answer.flows.map { flow in
            [flow.id, flow.supplier, flow.name, flow.status, String(flow.integrated), String(flow.rejected), Timestamps.iso8601(unixMilliseconds: flow.receivedAt)]
        })
        guard !answer.nextCursor.isEmpty else { return table }
        return .annotated(table, note: "\(answer.flows.count) flux affichés ; la suite : --after \(answer.nextCursor)")
    }

    static func fields(_ flow: Facturo_V1_FlowInfo) -> [CommandOutput.Field] {
        [
            .init("id", flow.id), .init("fournisseur", flow.supplier), .init("raison_sociale", flow.supplierName), .init("fichier", flow.name),
            .init("octets", String(flow.size)), .init("sha256", flow.digest), .init("statut", flow.status),
            .init("integrees", String(flow.integrated)), .init("rejetees", String(flow.rejected)),
            .init("recu_le", Timestamps.iso8601(unixMilliseconds: flow.receivedAt)),
            .init("termine_le", flow.finishedAt == 0 ? "" : Timestamps.iso8601(unixMilliseconds: flow.finishedAt)),
            .init("code", flow.code), .init("message", flow.message),
        ]
    }
}
