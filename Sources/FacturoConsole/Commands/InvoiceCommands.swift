import FacturoClient
import FacturoDomain
import FacturoWire
import Foundation

/// `invoice …`: depositing a PDF or structured invoice, reading invoices sent or received.
enum InvoiceCommands {
    static let invoice = CommandSpec(
        name: "invoice",
        summary: "Factures : dépôt d'un PDF ou d'un UBL/CII, contrôle EN 16931, export, consultation, traitement, suivi",
        details: """
            deposit : le PDF de la facture et son en-tête ; les montants déclarés sont contrôlés au centime
                      (TTC = HT + TVA, net à payer), le routage par l'annuaire tel qu'il est ce jour-là.
                      --attach FICHIER (répétable) ajoute des pièces complémentaires (50 caractères,
                      10 Mio chacune, 120 Mio en tout). --key K : clé d'idempotence ; renvoyer la même
                      clé rend la première facture, jamais une seconde.
                      Un fichier .xml (UBL 2.1 ou CII D16B) apporte lui-même fournisseur, destinataire, service (BT-10),
                      engagement (BT-13) et montants : seuls --supplier, --attach, --key et --lenient-vat-rounding
                      s'y ajoutent ; ses anomalies bloquantes le refusent toutes (règle, chemin, message).
            check FICHIER : les règles EN 16931 (--local sans serveur) ; export ID --format ubl|cii|pdf --out F ;
            convert FICHIER --to ubl|cii|pdf --out F [--number N] : conversion dans la console.
            \(DraftCommands.headerHelp)
            search --sent : mes factures émises ; --received : mes factures reçues ; les plus récentes d'abord,
                      --after CURSEUR pour la suite.
            synthesis : les factures reçues qui attendent mon action ; process, refuse : les traiter ;
            complete, recycle, acknowledge : la suite côté fournisseur ; statuses ID : ce qui est possible ;
            history ID [--verify] : suivre la facture.
            \(ProcessingCommands.lifecycleHelp)
            Erreurs : INVALID_TOTALS, INVALID_VAT_BREAKDOWN, EN16931_RULE, INVALID_XML, UNSUPPORTED_FORMAT,
                      INVALID_AMOUNT, DUPLICATE_INVOICE, ROUTING_*, INVALID_ATTACHMENT_NAME,
                      ATTACHMENT_TOO_LARGE, ATTACHMENTS_TOO_LARGE, EMPTY_ATTACHMENT, INVALID_STATUS_TRANSITION, REASON_REQUIRED, CONFLICT, NOT_FOUND, FORBIDDEN.
            """,
        subcommands: [
            deposit, FormatCommands.check, FormatCommands.export, FormatCommands.convert, show, search, attachment, ProcessingCommands.synthesis, ProcessingCommands.statuses, ProcessingCommands.process,
            ProcessingCommands.refuse, ProcessingCommands.complete, ProcessingCommands.recycle, ProcessingCommands.acknowledge, ProcessingCommands.history,
        ]
    )

    static let deposit = CommandSpec(
        name: "deposit", summary: "Déposer une facture : un PDF avec son en-tête et ses montants, ou un fichier UBL ou CII",
        positionals: [.init("FICHIER", values: .filePaths)],
        options: [
            .init("--supplier", "STRUCTURE", values: .myStructures), .init("--recipient", "STRUCTURE"),
            .init("--number", "NUMERO"), .init("--date", "AAAA-MM-JJ"),
            .init("--total-ht", "MONTANT"), .init("--total-tva", "MONTANT"),
            .init("--total-ttc", "MONTANT"), .init("--amount-due", "MONTANT"), .init("--attach", "FICHIER", values: .filePaths), .init("--key", "CLE"),
        ] + DraftCommands.headerOptions.filter { !["--number", "--date"].contains($0.flag) },
        switches: ["--lenient-vat-rounding"]
    ) { arguments, context in
        let path = arguments.required("FICHIER")
        if path.lowercased().hasSuffix(".xml") { return try await FormatCommands.depositStructured(path, arguments, context) }
        guard path.lowercased().hasSuffix(".pdf") else {
            throw ConsoleError(.commandFailed, "INVALID_ARGUMENT: \(path) : un dépôt porte une facture PDF, ou un fichier .xml UBL ou CII", code: ErrorCode(rawValue: DomainError.Code.invalidArgument.rawValue))
        }
        // A PDF carries no header: these come from the command line.
        for flag in ["--supplier", "--recipient", "--number", "--date", "--total-ht", "--total-tva"] where arguments.option(flag) == nil {
            throw ConsoleError.usage("\(flag) est obligatoire pour le dépôt d'un PDF (un fichier UBL ou CII le porte lui-même)")
        }
        if arguments.has("--lenient-vat-rounding") { throw ConsoleError.usage("--lenient-vat-rounding : pour un fichier UBL ou CII") }
        let connection = try await context.session.connected()
        let main = try await FileTransfer.upload(path, connection)
        var others: [FileTransfer.Uploaded] = []
        for file in arguments.values("--attach") { others.append(try await FileTransfer.upload(file, connection)) }
        let answer = try await connection.call(InvoiceCatalogue.deposit, .with {
            $0.supplier = arguments.option("--supplier") ?? ""
            $0.header = DraftCommands.header(arguments)
            $0.totalHt = TypedDecimal.normalized(arguments.option("--total-ht") ?? "")
            $0.totalVat = TypedDecimal.normalized(arguments.option("--total-tva") ?? "")
            $0.totalTtc = TypedDecimal.normalized(arguments.option("--total-ttc") ?? "")
            $0.amountDue = TypedDecimal.normalized(arguments.option("--amount-due") ?? "")
            $0.main = .with {
                $0.uploadID = main.id
                $0.name = main.name
            }
            $0.attachments = others.map { file in .with { $0.uploadID = file.id; $0.name = file.name } }
            $0.key = arguments.option("--key") ?? ""
        })
        return InvoiceOutput.submission(answer)
    }

    static let show = CommandSpec(
        name: "show", summary: "Une facture : en-tête, lignes, TVA, pièces jointes, statuts (fournisseur ou destinataire)",
        positionals: [.init("ID")]
    ) { arguments, context in
        let answer = try await context.session.connected().call(InvoiceCatalogue.show, .with { $0.id = arguments.required("ID") })
        return InvoiceOutput.invoice(answer.invoice)
    }

    static let search = CommandSpec(
        name: "search", summary: "Chercher mes factures émises (--sent) ou reçues (--received)",
        details: "--received : --recipient STRUCTURE et --service CODE restreignent aux factures reçues par cette structure, --supplier au fournisseur.",
        options: [
            .init("--supplier", "STRUCTURE", values: .myStructures), .init("--number", "NUMERO"), .init("--recipient", "STRUCTURE"),
            .init("--status", "STATUT", values: ProcessingCommands.statusWords), .init("--service", "CODE"),
            .init("--from", "AAAA-MM-JJ"), .init("--to", "AAAA-MM-JJ"), .init("--limit", "N"), .init("--after", "CURSEUR"),
        ],
        switches: ["--sent", "--received"]
    ) { arguments, context in
        let received = arguments.has("--received")
        guard arguments.has("--sent") != received else { throw ConsoleError.usage("invoice search --sent (mes factures émises) ou --received (reçues)") }
        let limit = min(try arguments.count("--limit") ?? 50, 1000)
        let answer = try await context.session.connected().call(InvoiceCatalogue.search, .with {
            $0.sent = !received
            $0.received = received
            $0.service = arguments.option("--service") ?? ""
            $0.supplier = arguments.option("--supplier") ?? ""
            $0.number = arguments.option("--number") ?? ""
            $0.recipient = arguments.option("--recipient") ?? ""
            $0.status = arguments.option("--status") ?? ""
            $0.from = arguments.option("--from") ?? ""
            $0.to = arguments.option("--to") ?? ""
            $0.limit = UInt32(limit)
            $0.after = arguments.option("--after") ?? ""
        })
        if received { return ProcessingCommands.receivedTable(answer.invoices, next: answer.nextCursor) }
        let table = CommandOutput.table(columns: InvoiceOutput.summaryColumns, rows: answer.invoices.map(InvoiceOutput.summaryRow))
        guard !answer.nextCursor.isEmpty else { return table }
        return .annotated(table, note: "\(answer.invoices.count) factures affichées ; la suite : --after \(answer.nextCursor)")
    }

    static let attachment = CommandSpec(
        name: "attachment", summary: "Enregistrer une pièce jointe d'une facture dans un fichier",
        positionals: [.init("ID"), .init("NOM")], options: [.init("--out", "FICHIER", required: true, values: .filePaths)]
    ) { arguments, context in
        let out = arguments.option("--out") ?? ""
        let (size, digest) = try await FileTransfer.download(invoice: arguments.required("ID"), name: arguments.required("NOM"), to: out, try await context.session.connected())
        return .record([.init("fichier", out), .init("octets", String(size)), .init("sha256", digest)])
    }
}
