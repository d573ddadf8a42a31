import FacturoClient
import FacturoDomain
import FacturoWire
import Foundation

/// `invoice process|refuse|complete|recycle|acknowledge|statuses|synthesis|history`:
/// processing received invoices through the official statuses, and the
/// supplier's follow-up. Each change sends the status the console has just
/// read (`--expected` to name another): a change made meanwhile by someone
/// else is CONFLICT, never lost.
enum ProcessingCommands {
    static let statusWords = CompletionSource.fixed(InvoiceStatus.allCases.map(\.rawValue))
    static let reasonWords = CompletionSource.fixed(RefusalReason.allCases.map(\.rawValue))

    static let lifecycleHelp = """
        Cycle de vie (statut actuel → statuts possibles, par qui) :
          MISE_A_DISPOSITION, COMPLETEE → REJETEE, SUSPENDUE, A_RECYCLER, SERVICE_FAIT, MANDATEE (destinataire)
          SERVICE_FAIT → MANDATEE (destinataire, avec --dp)
          SUSPENDUE → COMPLETEE (fournisseur : invoice complete) ; A_RECYCLER → MISE_A_DISPOSITION (invoice recycle)
          MANDATEE → MISE_A_DISPOSITION_COMPTABLE → COMPTABILISEE → MISE_EN_PAIEMENT (comptable public)
        Motifs de refus : JUSTIFICATIF_ABSENT → SUSPENDUE ; SE_INCORRECT, EJ_INCORRECT, CREANCIER_INCONNU → A_RECYCLER ;
          tout autre → REJETEE (invoice statuses ID liste ce qui est possible pour vous maintenant).
        """

    static let process = CommandSpec(
        name: "process", summary: "Changer le statut d'une facture reçue (destinataire, comptable)",
        details: lifecycleHelp + "\nErreurs : INVALID_STATUS_TRANSITION, REASON_REQUIRED, DP_NUMBER_REQUIRED, MISE_EN_PAIEMENT_NOT_HANDLED, CONFLICT, FORBIDDEN.",
        positionals: [.init("ID"), .init("STATUT", values: statusWords)],
        options: [.init("--dp", "NUMERO"), .init("--reason", "MOTIF", values: reasonWords), .init("--comment", "TEXTE"), .init("--expected", "STATUT", values: statusWords)]
    ) { arguments, context in
        let connection = try await context.session.connected()
        let id = arguments.required("ID")
        let expected = try await expectedStatus(arguments, id: id, connection)
        let answer = try await connection.call(InvoiceCatalogue.process, .with {
            $0.id = id
            $0.status = arguments.required("STATUT")
            $0.reason = arguments.option("--reason") ?? ""
            $0.dpNumber = arguments.option("--dp") ?? ""
            $0.comment = arguments.option("--comment") ?? ""
            $0.expectedStatus = expected
        })
        return changed(answer)
    }

    static let refuse = CommandSpec(
        name: "refuse", summary: "Refuser une facture reçue : le motif décide du statut (SUSPENDUE, A_RECYCLER ou REJETEE)",
        details: lifecycleHelp,
        positionals: [.init("ID")],
        options: [.init("--reason", "MOTIF", required: true, values: reasonWords), .init("--comment", "TEXTE"), .init("--expected", "STATUT", values: statusWords)]
    ) { arguments, context in
        let connection = try await context.session.connected()
        let id = arguments.required("ID")
        let expected = try await expectedStatus(arguments, id: id, connection)
        let answer = try await connection.call(InvoiceCatalogue.refuse, .with {
            $0.id = id
            $0.reason = arguments.option("--reason") ?? ""
            $0.comment = arguments.option("--comment") ?? ""
            $0.expectedStatus = expected
        })
        return changed(answer)
    }

    static let complete = CommandSpec(
        name: "complete", summary: "Compléter une facture SUSPENDUE (fournisseur) : pièces et/ou commentaire ; elle devient COMPLETEE",
        positionals: [.init("ID")],
        options: [.init("--attach", "FICHIER", values: .filePaths), .init("--comment", "TEXTE"), .init("--expected", "STATUT", values: statusWords)]
    ) { arguments, context in
        let files = arguments.values("--attach")
        guard !files.isEmpty || arguments.option("--comment") != nil else {
            throw ConsoleError.usage("invoice complete ID : au moins une pièce (--attach FICHIER) ou un commentaire (--comment TEXTE)")
        }
        let connection = try await context.session.connected()
        let id = arguments.required("ID")
        let expected = try await expectedStatus(arguments, id: id, connection)
        var uploads: [FileTransfer.Uploaded] = []
        for file in files { uploads.append(try await FileTransfer.upload(file, connection)) }
        let answer = try await connection.call(InvoiceCatalogue.complete, .with {
            $0.id = id
            $0.attachments = uploads.map { file in .with { $0.uploadID = file.id; $0.name = file.name } }
            $0.comment = arguments.option("--comment") ?? ""
            $0.expectedStatus = expected
        })
        return changed(answer)
    }

    static let recycle = CommandSpec(
        name: "recycle", summary: "Recycler une facture A_RECYCLER (fournisseur) : destinataire, service, engagement ; routée à nouveau",
        details: "Seuls le destinataire, le code service et le numéro d'engagement changent ; numéro et montants jamais.\nErreurs : ROUTING_*, INVALID_STATUS_TRANSITION, CONFLICT.",
        positionals: [.init("ID")],
        options: [
            .init("--recipient", "STRUCTURE"), .init("--service", "CODE"), .init("--engagement", "NUMERO"), .init("--comment", "TEXTE"),
            .init("--expected", "STATUT", values: statusWords),
        ]
    ) { arguments, context in
        let connection = try await context.session.connected()
        let id = arguments.required("ID")
        let expected = try await expectedStatus(arguments, id: id, connection)
        let answer = try await connection.call(InvoiceCatalogue.recycle, .with {
            $0.id = id
            if let recipient = arguments.option("--recipient") { $0.recipient = recipient }
            if let service = arguments.option("--service") { $0.service = service }
            if let engagement = arguments.option("--engagement") { $0.engagement = engagement }
            $0.comment = arguments.option("--comment") ?? ""
            $0.expectedStatus = expected
        })
        return changed(answer)
    }

    static let acknowledge = CommandSpec(
        name: "acknowledge", summary: "Prendre en compte le rejet d'une facture REJETEE (« rejet traité », fournisseur)",
        positionals: [.init("ID")], options: [.init("--comment", "TEXTE")]
    ) { arguments, context in
        let answer = try await context.session.connected().call(InvoiceCatalogue.acknowledge, .with {
            $0.id = arguments.required("ID")
            $0.comment = arguments.option("--comment") ?? ""
        })
        return changed(answer)
    }

    static let statuses = CommandSpec(
        name: "statuses", summary: "Les statuts possibles maintenant pour vous (« états possibles »)",
        positionals: [.init("ID")]
    ) { arguments, context in
        let answer = try await context.session.connected().call(InvoiceCatalogue.statuses, .with { $0.id = arguments.required("ID") })
        var rows = answer.moves.map { move in
            [move.status, move.label, move.actor, "invoice \(move.request)", move.reasons.joined(separator: ", "), move.dpNumberRequired ? "oui" : "non"]
        }
        if answer.canAcknowledge { rows.append([answer.status, "Rejet traité", "fournisseur", "invoice acknowledge", "", "non"]) }
        let table = CommandOutput.table(columns: ["statut", "libelle", "acteur", "commande", "motifs", "numero_dp"], rows: rows)
        return .annotated(table, note: "statut actuel : \(answer.status) (\(answer.statusLabel))")
    }

    static let synthesis = CommandSpec(
        name: "synthesis", summary: "Mes factures reçues en attente de mon action (Synthèse), les plus récentes d'abord",
        options: [.init("--structure", "STRUCTURE", values: .myStructures), .init("--service", "CODE"), .init("--limit", "N"), .init("--after", "CURSEUR")]
    ) { arguments, context in
        let limit = min(try arguments.count("--limit") ?? 50, 1000)
        let answer = try await context.session.connected().call(InvoiceCatalogue.synthesis, .with {
            $0.structure = arguments.option("--structure") ?? ""
            $0.service = arguments.option("--service") ?? ""
            $0.limit = UInt32(limit)
            $0.after = arguments.option("--after") ?? ""
        })
        return receivedTable(answer.invoices, next: answer.nextCursor)
    }

    static let history = CommandSpec(
        name: "history", summary: "Suivre la facture : statuts et actions, qui et quand ; --verify contrôle la chaîne",
        details: "Chaque entrée est chaînée à la précédente par SHA-256 (la première au certificat de dépôt) : une entrée modifiée ou retirée se voit.\n--verify : chain : ok, ou HISTORY_TAMPERED nommant la première entrée altérée.",
        positionals: [.init("ID")], switches: ["--verify"]
    ) { arguments, context in
        let answer = try await context.session.connected().call(InvoiceCatalogue.history, .with {
            $0.id = arguments.required("ID")
            $0.verify = arguments.has("--verify")
        })
        if answer.verified { return .record([.init("id", answer.id), .init("numero", answer.number), .init("entrees", String(answer.entries.count)), .init("chain", "ok")]) }
        let table = CommandOutput.table(
            columns: ["n", "date", "acteur", "action", "de", "vers", "motif", "numero_dp", "commentaire", "details"],
            rows: answer.entries.map { entry in
                [
                    String(entry.sequence), Timestamps.iso8601(unixMilliseconds: entry.at), entry.actor, entry.actionLabel, entry.fromStatus, entry.toStatus,
                    entry.reasonLabel, entry.dpNumber, entry.comment, entry.details.replacingOccurrences(of: "\n", with: " ; "),
                ]
            }
        )
        return .annotated(table, note: "facture \(answer.number) : \(answer.entries.count) entrées")
    }

    static let verifyHistory = CommandSpec(
        name: "verify-history", summary: "Contrôler la chaîne de l'historique de toutes les factures (invoices, entries, broken)"
    ) { _, context in
        let answer = try await context.session.connected().call(InvoiceCatalogue.verifyAllHistories, Facturo_V1_HistoryVerifyAllRequest())
        var fields: [CommandOutput.Field] = [.init("invoices", String(answer.invoices)), .init("entries", String(answer.entries)), .init("broken", String(answer.broken))]
        for (index, broken) in answer.firstBroken.enumerated() {
            fields.append(.init("broken_\(index + 1)", "\(broken.id) · \(broken.number) · entrée \(broken.firstBroken)"))
        }
        return .record(fields)
    }

    static let receivedColumns = ["id", "date_depot", "fournisseur", "destinataire", "service", "numero", "statut", "date_statut", "net_a_payer", "engagement"]

    static func receivedTable(_ invoices: [Facturo_V1_InvoiceSummary], next: String) -> CommandOutput {
        let table = CommandOutput.table(columns: receivedColumns, rows: invoices.map { summary in
            [
                summary.id, Timestamps.iso8601(unixMilliseconds: summary.depositedAt), summary.supplier, summary.recipient, summary.recipientService,
                summary.number, summary.status, Timestamps.iso8601(unixMilliseconds: summary.statusAt), summary.amountDue, summary.engagement,
            ]
        })
        guard !next.isEmpty else { return table }
        return .annotated(table, note: "\(invoices.count) factures affichées ; la suite : --after \(next)")
    }

    /// `--expected`, or the status the invoice has now (read just before).
    private static func expectedStatus(_ arguments: CommandArguments, id: String, _ connection: FacturoConnection) async throws -> String {
        if let expected = arguments.option("--expected") { return expected }
        return try await connection.call(InvoiceCatalogue.statuses, .with { $0.id = id }).status
    }

    private static func changed(_ answer: Facturo_V1_InvoiceProcessResponse) -> CommandOutput {
        var fields: [CommandOutput.Field] = [
            .init("id", answer.id), .init("numero", answer.number), .init("statut", answer.status), .init("ancien_statut", answer.previousStatus),
        ]
        if !answer.reason.isEmpty { fields.append(.init("motif", answer.reason)) }
        if !answer.dpNumber.isEmpty { fields.append(.init("numero_dp", answer.dpNumber)) }
        return .record(fields)
    }
}
