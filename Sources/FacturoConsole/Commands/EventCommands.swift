import FacturoClient
import FacturoWire
import Foundation

/// `events`: this session's subscriptions to its structures' events, and
/// `notification list`: the outbox (administrators, managers).
enum EventCommands {
    static let events = CommandSpec(
        name: "events",
        summary: "Mes abonnements aux événements (invoice-received, invoice-status…) par structure",
        details: """
            Par défaut chaque session est abonnée à toutes ses structures ; les événements s'affichent entre deux
            invites, et les scripts les attendent avec wait-event (help wait-event).
            events list ; events subscribe STRUCTURE... ; events unsubscribe STRUCTURE...
            Erreurs : NOT_FOUND (structure hors de vos rattachements).
            """,
        subcommands: [
            CommandSpec(name: "list", summary: "Les structures dont cette session reçoit les événements") { _, context in
                table(try await context.session.connected().call(InvoiceCatalogue.eventSubscriptions, Facturo_V1_EventSubscriptionsRequest()))
            },
            CommandSpec(
                name: "subscribe", summary: "Recevoir à nouveau les événements de ces structures",
                positionals: [.init("STRUCTURE", variadic: true, values: .myStructures)]
            ) { arguments, context in
                let structures = arguments.rest("STRUCTURE")
                return table(try await context.session.connected().call(InvoiceCatalogue.eventSubscribe, .with { $0.structures = structures }))
            },
            CommandSpec(
                name: "unsubscribe", summary: "Ne plus recevoir les événements de ces structures (cette session)",
                positionals: [.init("STRUCTURE", variadic: true, values: .myStructures)]
            ) { arguments, context in
                let structures = arguments.rest("STRUCTURE")
                return table(try await context.session.connected().call(InvoiceCatalogue.eventUnsubscribe, .with { $0.structures = structures }))
            },
        ]
    )

    static func table(_ answer: Facturo_V1_EventSubscriptionsResponse) -> CommandOutput {
        .table(columns: ["structure", "raison_sociale", "abonne"], rows: answer.subscriptions.map { [$0.structure, $0.name, $0.subscribed ? "oui" : "non"] })
    }

    static let notification = CommandSpec(
        name: "notification",
        summary: "La file des notifications (facture mise à disposition, changement de statut) : administrateurs, gestionnaires",
        subcommands: [
            CommandSpec(
                name: "list", summary: "Les notifications, les plus récentes d'abord ; --undelivered : celles pas encore remises",
                options: [.init("--structure", "STRUCTURE", values: .myStructures), .init("--limit", "N"), .init("--after", "CURSEUR")],
                switches: ["--undelivered"]
            ) { arguments, context in
                let limit = min(try arguments.count("--limit") ?? 50, 1000)
                let answer = try await context.session.connected().call(InvoiceCatalogue.notificationList, .with {
                    $0.structure = arguments.option("--structure") ?? ""
                    $0.undelivered = arguments.has("--undelivered")
                    $0.limit = UInt32(limit)
                    $0.after = arguments.option("--after") ?? ""
                })
                let table = CommandOutput.table(
                    columns: ["id", "utilisateur", "structure", "evenement", "facture", "numero", "cree_le", "remise_le"],
                    rows: answer.notifications.map { row in
                        [
                            String(row.id), row.user, row.structure, row.kind, row.invoiceID, row.number, Timestamps.iso8601(unixMilliseconds: row.createdAt),
                            row.deliveredAt == 0 ? "" : Timestamps.iso8601(unixMilliseconds: row.deliveredAt),
                        ]
                    }
                )
                guard !answer.nextCursor.isEmpty else { return table }
                return .annotated(table, note: "\(answer.notifications.count) notifications affichées ; la suite : --after \(answer.nextCursor)")
            },
        ]
    )
}
