import FacturoClient
import FacturoWire
import Foundation

/// `draft …`: typing an invoice (saisie), line by line, then sending it.
enum DraftCommands {
    /// A flag per header field, shared by `draft create|update` and `invoice deposit`.
    static let headerOptions: [CommandSpec.Option] = [
        .init("--number", "NUMERO"), .init("--date", "AAAA-MM-JJ"), .init("--currency", "EUR"),
        .init("--type", "FACTURE|AVOIR", values: .fixed(["FACTURE", "AVOIR"])),
        .init("--vat-type", "TYPE", values: .fixed(["TVA_SUR_DEBIT", "TVA_SUR_ENCAISSEMENT", "EXONERATION", "SANS_TVA"])),
        .init("--payment", "MODE", values: .fixed(["VIREMENT", "CHEQUE", "PRELEVEMENT", "ESPECE", "AUTRE", "REPORT"])),
        .init("--frame", "A1|A2|A9|A12", values: .fixed(["A1", "A2", "A9", "A12"])),
        .init("--service", "CODE"), .init("--supplier-service", "CODE"), .init("--bank-account", "IBAN"),
        .init("--engagement", "NUMERO"), .init("--contract", "NUMERO"), .init("--original", "NUMERO"),
        .init("--exemption-reason", "MOTIF"), .init("--comment", "TEXTE"),
    ]
    static let discountOptions: [CommandSpec.Option] = [.init("--discount", "MONTANT_TTC"), .init("--discount-reason", "MOTIF")]

    static let headerHelp = """
        En-tête : --number --date (défaut : jour du dépôt) --currency (EUR) --type (FACTURE|AVOIR)
                  --vat-type (TVA_SUR_DEBIT|TVA_SUR_ENCAISSEMENT|EXONERATION|SANS_TVA) --payment (VIREMENT…)
                  --frame (A1, A2 déjà payée, A9, A12) --service (code service du destinataire)
                  --supplier-service --bank-account --engagement --contract (marché) --original
                  (facture d'origine d'un avoir) --exemption-reason --comment (200 caractères).
        Montants : 6400.00 ou « 6 400,00 » ; quantités 4 décimales, prix unitaires 6.
        """

    /// The header flags given, as the wire's optional fields.
    static func header(_ arguments: CommandArguments, recipient: String? = nil) -> Facturo_V1_InvoiceHeaderFields {
        var header = Facturo_V1_InvoiceHeaderFields()
        if let value = arguments.option("--number") { header.number = value }
        if let value = arguments.option("--date") { header.date = value }
        if let value = arguments.option("--currency") { header.currency = value }
        if let value = arguments.option("--type") { header.type = value }
        if let value = arguments.option("--vat-type") { header.vatType = value }
        if let value = arguments.option("--payment") { header.paymentMode = value }
        if let value = arguments.option("--frame") { header.frame = value }
        if let value = arguments.option("--service") { header.recipientService = value }
        if let value = arguments.option("--supplier-service") { header.supplierService = value }
        if let value = arguments.option("--bank-account") { header.bankAccount = value }
        if let value = arguments.option("--engagement") { header.engagement = value }
        if let value = arguments.option("--contract") { header.contract = value }
        if let value = arguments.option("--original") { header.originalInvoice = value }
        if let value = arguments.option("--exemption-reason") { header.exemptionReason = value }
        if let value = arguments.option("--comment") { header.comment = value }
        if let value = arguments.option("--discount") { header.globalDiscount = TypedDecimal.normalized(value) }
        if let value = arguments.option("--discount-reason") { header.discountReason = value }
        if let value = recipient ?? arguments.option("--recipient") { header.recipient = value }
        return header
    }

    static let lineOptions: [CommandSpec.Option] = [
        .init("--designation", "TEXTE", required: true), .init("--quantity", "Q", required: true), .init("--unit", "UNITE", required: true),
        .init("--price", "PU_HT", required: true), .init("--vat-rate", "TAUX", required: true, values: .fixed(["20", "10", "5.5", "2.1", "0"])),
        .init("--discount", "MONTANT"), .init("--reference", "REF"),
    ]

    static func line(_ arguments: CommandArguments) -> Facturo_V1_InvoiceLineFields {
        .with {
            $0.designation = arguments.option("--designation") ?? ""
            $0.quantity = TypedDecimal.normalized(arguments.option("--quantity") ?? "")
            $0.unit = arguments.option("--unit") ?? ""
            $0.unitPrice = TypedDecimal.normalized(arguments.option("--price") ?? "")
            $0.vatRate = TypedDecimal.normalized(arguments.option("--vat-rate") ?? "")
            $0.discount = TypedDecimal.normalized(arguments.option("--discount") ?? "")
            $0.reference = arguments.option("--reference") ?? ""
        }
    }

    static let draft = CommandSpec(
        name: "draft",
        summary: "Saisir une facture : brouillon, lignes, pièces jointes, envoi",
        details: """
            Réservé aux fournisseurs ayant un mandat de facturation (directory update --billing-mandate oui),
            avec l'habilitation factures_emises en modification. Le brouillon a un numéro provisoire
            TMP… ; le numéro définitif est donné à l'envoi (--number, ou FS suivi des chiffres du brouillon).
            \(headerHelp)
            send : contrôles complets (montants au centime, routage par l'annuaire, engagement, doublon) ;
                   toutes les anomalies sont listées. Sur un terminal, un résumé est confirmé (--yes pour
                   passer). --key K : clé d'idempotence (par défaut, le brouillon lui-même : renvoyer ne crée
                   jamais une seconde facture).
            Erreurs : BILLING_MANDATE_REQUIRED, NOT_FOUND, FORBIDDEN, CONFLICT (déjà envoyé), INVALID_AMOUNT,
                      INVALID_TOTALS, ROUTING_*, DUPLICATE_INVOICE…
            """,
        subcommands: [create, update, lineGroup, attach, show, list, delete, send]
    )

    static let create = CommandSpec(
        name: "create", summary: "Créer un brouillon de facture",
        options: [.init("--supplier", "STRUCTURE", required: true, values: .myStructures), .init("--recipient", "STRUCTURE", required: true)] + headerOptions + discountOptions
    ) { arguments, context in
        let answer = try await context.session.connected().call(InvoiceCatalogue.draftCreate, .with {
            $0.supplier = arguments.option("--supplier") ?? ""
            $0.header = header(arguments)
        })
        return .record([.init("id", answer.draft.id), .init("numero", answer.draft.temporaryNumber)])
    }

    static let update = CommandSpec(
        name: "update", summary: "Modifier l'en-tête d'un brouillon",
        positionals: [.init("ID")], options: [.init("--recipient", "STRUCTURE")] + headerOptions + discountOptions
    ) { arguments, context in
        let answer = try await context.session.connected().call(InvoiceCatalogue.draftUpdate, .with {
            $0.id = arguments.required("ID")
            $0.header = header(arguments)
        })
        return InvoiceOutput.draft(answer.draft)
    }

    static let lineGroup = CommandSpec(
        name: "line", summary: "Ajouter, modifier ou retirer une ligne d'un brouillon",
        subcommands: [
            CommandSpec(name: "add", summary: "Ajouter une ligne", positionals: [.init("ID")], options: lineOptions) { arguments, context in
                let answer = try await context.session.connected().call(InvoiceCatalogue.draftLineAdd, .with {
                    $0.id = arguments.required("ID")
                    $0.line = line(arguments)
                })
                return InvoiceOutput.draft(answer.draft)
            },
            CommandSpec(name: "update", summary: "Remplacer la ligne N", positionals: [.init("ID"), .init("N")], options: lineOptions) { arguments, context in
                let answer = try await context.session.connected().call(InvoiceCatalogue.draftLineUpdate, .with {
                    $0.id = arguments.required("ID")
                    $0.number = UInt32(arguments.required("N")) ?? 0
                    $0.line = line(arguments)
                })
                return InvoiceOutput.draft(answer.draft)
            },
            CommandSpec(name: "remove", summary: "Retirer la ligne N", positionals: [.init("ID"), .init("N")]) { arguments, context in
                let answer = try await context.session.connected().call(InvoiceCatalogue.draftLineRemove, .with {
                    $0.id = arguments.required("ID")
                    $0.number = UInt32(arguments.required("N")) ?? 0
                })
                return InvoiceOutput.draft(answer.draft)
            },
        ]
    )

    static let attach = CommandSpec(
        name: "attach", summary: "Joindre un fichier au brouillon (--main : la facture elle-même)",
        positionals: [.init("ID"), .init("FICHIER", values: .filePaths)], options: [.init("--name", "NOM")], switches: ["--main"]
    ) { arguments, context in
        let connection = try await context.session.connected()
        let uploaded = try await FileTransfer.upload(arguments.required("FICHIER"), name: arguments.option("--name"), connection)
        let answer = try await connection.call(InvoiceCatalogue.draftAttach, .with {
            $0.id = arguments.required("ID")
            $0.uploadID = uploaded.id
            $0.name = uploaded.name
            $0.main = arguments.has("--main")
        })
        return InvoiceOutput.draft(answer.draft)
    }

    static let show = CommandSpec(name: "show", summary: "Un brouillon : en-tête, lignes, ventilation de TVA, totaux", positionals: [.init("ID")]) { arguments, context in
        let answer = try await context.session.connected().call(InvoiceCatalogue.draftShow, .with { $0.id = arguments.required("ID") })
        return InvoiceOutput.draft(answer.draft)
    }

    static let list = CommandSpec(
        name: "list", summary: "Mes brouillons", options: [.init("--supplier", "STRUCTURE", values: .myStructures)]
    ) { arguments, context in
        let answer = try await context.session.connected().call(InvoiceCatalogue.draftList, .with { $0.supplier = arguments.option("--supplier") ?? "" })
        return .table(
            columns: ["id", "numero", "fournisseur", "destinataire", "lignes", "total_ttc", "modifie_le"],
            rows: answer.drafts.map {
                [$0.id, $0.temporaryNumber, $0.header.supplier, $0.header.recipient, String($0.lines.count), $0.totals.totalTtc, Timestamps.iso8601(unixMilliseconds: $0.updatedAt)]
            }
        )
    }

    static let delete = CommandSpec(name: "delete", summary: "Supprimer un brouillon", positionals: [.init("ID")]) { arguments, context in
        _ = try await context.session.connected().call(InvoiceCatalogue.draftDelete, .with { $0.id = arguments.required("ID") })
        return .notice("brouillon \(arguments.required("ID")) supprimé")
    }

    static let send = CommandSpec(
        name: "send", summary: "Envoyer le brouillon : il devient une facture déposée",
        positionals: [.init("ID")], options: [.init("--key", "CLE")], switches: ["--yes"]
    ) { arguments, context in
        let connection = try await context.session.connected()
        let id = arguments.required("ID")
        if Terminal.isInteractive, !arguments.has("--yes") {
            let draft = try await connection.call(InvoiceCatalogue.draftShow, .with { $0.id = id }).draft
            let summary = "\(draft.temporaryNumber) → \(draft.header.recipient)\(draft.header.recipientService.isEmpty ? "" : " / \(draft.header.recipientService)") : "
                + "\(draft.lines.count) ligne(s), HT \(draft.totals.totalHt), TVA \(draft.totals.totalVat), TTC \(draft.totals.totalTtc), net à payer \(draft.totals.amountDue)"
            FileHandle.standardError.write(Data((summary + "\nLes montants d'une facture déposée ne se modifient plus. Envoyer ? [o/N] ").utf8))
            let reply = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard reply == "o" || reply == "oui" || reply == "y" || reply == "yes" else { return .notice("envoi annulé : le brouillon est inchangé") }
        }
        let answer = try await connection.call(InvoiceCatalogue.draftSend, .with {
            $0.id = id
            $0.key = arguments.option("--key") ?? ""
        })
        return InvoiceOutput.submission(answer)
    }
}
