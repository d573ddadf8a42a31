import FacturoClient
import FacturoDomain
import FacturoFormats
import FacturoWire
import Foundation

/// Structured invoices on the console: `invoice check` (on the server, or
/// `--local` without one), `invoice export`, and the XML branch of
/// `invoice deposit`.
enum FormatCommands {
    static let severities = ["fatal", "warning"]
    static let formats = ["ubl", "cii", "pdf"]

    static let check = CommandSpec(
        name: "check", summary: "Contrôler une facture UBL ou CII selon les règles EN 16931 (rien n'est déposé)",
        details: """
            Une ligne par anomalie : regle (BR-CO-10…), severite (fatal, warning), termes (BT-xx), chemin (XPath
            dans le fichier), message (valeurs attendue et trouvée). Sur le serveur par défaut ; --local contrôle
            dans la console, sans connexion. Les montants sont exacts au centime ; --lenient-vat-rounding
            accepte l'écart de 1.00 du schematron officiel (BR-CO-17, BR-S-08, BR-S-09). Réussit quelles que
            soient les anomalies ; un fichier illisible échoue : INVALID_XML (ligne, colonne), UNSUPPORTED_FORMAT.
            """,
        positionals: [.init("FICHIER", values: .filePaths)],
        options: [.init("--severity", "GRAVITE", values: .fixed(severities))],
        switches: ["--local", "--lenient-vat-rounding"]
    ) { arguments, context in
        let path = arguments.required("FICHIER")
        let severity = arguments.option("--severity")
        if let severity, !severities.contains(severity) {
            throw ConsoleError.usage("--severity : \(severity) inconnue (fatal ou warning)")
        }
        let lenient = arguments.has("--lenient-vat-rounding")
        if arguments.has("--local") {
            let read = try readLocal(path)
            let report = EN16931Rules.check(read.invoice, options: RuleOptions(lenientVATRounding: lenient), severity: severity.flatMap(Finding.Severity.init), limit: EN16931Rules.reportedMaximum)
            return table(report.findings.map { finding in
                [finding.rule, finding.severity.rawValue, finding.terms.joined(separator: " "),
                 finding.path(in: read.syntax, creditNote: read.invoice.isCreditNote), finding.message(in: read.syntax)]
            }, total: report.total, syntax: read.syntax.rawValue, number: read.invoice.number)
        }
        let connection = try await context.session.connected()
        let upload = try await FileTransfer.upload(path, connection)
        let answer = try await connection.call(InvoiceCatalogue.check, .with {
            $0.uploadID = upload.id
            $0.lenientVatRounding = lenient
            $0.severity = severity ?? ""
        })
        let rows = answer.findings.map { [$0.rule, $0.severity, $0.terms.joined(separator: " "), $0.path, $0.message] }
        return table(rows, total: max(Int(answer.findingsTotal), rows.count), syntax: answer.syntax, number: answer.number)
    }

    static let columns = ["regle", "severite", "termes", "chemin", "message"]

    /// One row per finding; the note counts them (`total` in all when
    /// only the first ones are listed).
    static func table(_ rows: [[String]], total: Int, syntax: String, number: String) -> CommandOutput {
        let label = syntax == "ubl" ? "UBL 2.1" : "CII D16B"
        let fatal = rows.filter { $0[1] == "fatal" }.count
        var note = rows.isEmpty
            ? "\(label), facture \(number) : aucune anomalie"
            : "\(label), facture \(number) : \(rows.count) anomalie(s) dont \(fatal) bloquante(s)"
        if total > rows.count { note = "\(label), facture \(number) : \(total) anomalies, les \(rows.count) premières listées (\(fatal) bloquantes)" }
        return .annotated(.table(columns: columns, rows: rows), note: note)
    }

    /// The file read here, with the server's limits and refusals.
    static func readLocal(_ path: String) throws -> StructuredInvoiceReader.Result {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let size = (attributes?[.size] as? NSNumber)?.intValue else { throw ConsoleError.usage("fichier illisible : \(path)") }
        guard size <= XMLLimits.standard.maximumFileBytes else {
            throw failure(DomainError(.attachmentTooLarge, "\(path) : \(size) octets, \(XMLLimits.standard.maximumFileBytes) au plus"))
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw ConsoleError.usage("fichier illisible : \(path)") }
        do { return try StructuredInvoiceReader.read(data) } catch { throw failure(error) }
    }

    static func failure(_ error: DomainError) -> ConsoleError {
        ConsoleError(.commandFailed, "\(error.code.rawValue): \(error.message)", code: ErrorCode(rawValue: error.code.rawValue))
    }

    static let export = CommandSpec(
        name: "export", summary: "Enregistrer une facture en UBL, en CII ou en PDF (fournisseur ou destinataire)",
        details: """
            --format ubl|cii|pdf. Une facture déposée en XML est convertie depuis son fichier ; une autre depuis son
            en-tête, ses lignes et ses montants. Le PDF montre les parties, les références, les lignes, la TVA,
            les totaux et le numéro du certificat de dépôt.
            """,
        positionals: [.init("ID")],
        options: [.init("--format", "FORMAT", required: true, values: .fixed(formats)), .init("--out", "FICHIER", required: true, values: .filePaths)]
    ) { arguments, context in
        let format = arguments.option("--format") ?? ""
        guard formats.contains(format) else { throw ConsoleError.usage("--format : \(format) inconnu (ubl, cii ou pdf)") }
        let out = arguments.option("--out") ?? ""
        let connection = try await context.session.connected()
        let file = try DownloadFile(out)
        var offset: UInt64 = 0
        var answer: Facturo_V1_InvoiceExportResponse
        repeat {
            answer = try await connection.call(InvoiceCatalogue.export, .with {
                $0.id = arguments.required("ID")
                $0.format = format
                $0.offset = offset
            })
            try file.append(answer.data)
            offset += UInt64(answer.data.count)
        } while offset < answer.size && !answer.data.isEmpty
        try file.place(digest: answer.digest)
        return .record([.init("fichier", out), .init("format", format), .init("nom", answer.name), .init("octets", String(answer.size)), .init("sha256", answer.digest)])
    }

    static let convert = CommandSpec(
        name: "convert", summary: "Convertir un fichier UBL ou CII en UBL, en CII ou en PDF, dans la console",
        details: """
            Sans serveur. --to ubl|cii|pdf ; --number NUMERO le réémet sous un autre numéro (BT-1), pour déposer
            à nouveau une facture exportée. Les anomalies ne sont pas contrôlées ici : invoice check.
            """,
        positionals: [.init("FICHIER", values: .filePaths)],
        options: [.init("--to", "FORMAT", required: true, values: .fixed(formats)), .init("--out", "FICHIER", required: true, values: .filePaths), .init("--number", "NUMERO")]
    ) { arguments, _ in
        let format = arguments.option("--to") ?? ""
        guard formats.contains(format) else { throw ConsoleError.usage("--to : \(format) inconnu (ubl, cii ou pdf)") }
        var read = try readLocal(arguments.required("FICHIER"))
        if let number = arguments.option("--number") {
            if let violation = InvoiceChecks.numberViolation(number, field: "--number") { throw ConsoleError.usage(violation.message) }
            read.invoice.number = number
        }
        let data: Data
        switch format {
        case "ubl": data = UBLWriter.write(read.invoice)
        case "cii": data = CIIWriter.write(read.invoice)
        default:
            do throws(DomainError) { data = try InvoicePDF.render(read.invoice) } catch { throw failure(error) }
        }
        let out = arguments.option("--out") ?? ""
        guard FileManager.default.createFile(atPath: out, contents: data) else { throw ConsoleError.usage("impossible d'écrire \(out)") }
        return .record([.init("fichier", out), .init("format", format), .init("numero", read.invoice.number), .init("octets", String(data.count))])
    }

    /// `invoice deposit FICHIER.xml`: everything from the file but the key.
    static func depositStructured(_ path: String, _ arguments: CommandArguments, _ context: CommandContext) async throws -> CommandOutput {
        let headerFlags = ["--recipient", "--number", "--date", "--total-ht", "--total-tva", "--total-ttc", "--amount-due"]
            + DraftCommands.headerOptions.map(\.flag)
        if let given = headerFlags.first(where: { arguments.option($0) != nil }) {
            throw failure(DomainError(.invalidArgument, "\(given) : un dépôt UBL ou CII prend l'en-tête et les montants dans le fichier (seuls --supplier, --attach, --key et --lenient-vat-rounding s'y ajoutent)"))
        }
        let connection = try await context.session.connected()
        let file = try await FileTransfer.upload(path, connection)
        var others: [FileTransfer.Uploaded] = []
        for other in arguments.values("--attach") { others.append(try await FileTransfer.upload(other, connection)) }
        let answer = try await connection.call(InvoiceCatalogue.depositStructured, .with {
            $0.supplier = arguments.option("--supplier") ?? ""
            $0.file = .with { $0.uploadID = file.id; $0.name = file.name }
            $0.attachments = others.map { other in .with { $0.uploadID = other.id; $0.name = other.name } }
            $0.key = arguments.option("--key") ?? ""
            $0.lenientVatRounding = arguments.has("--lenient-vat-rounding")
        })
        return InvoiceOutput.submission(answer)
    }
}
