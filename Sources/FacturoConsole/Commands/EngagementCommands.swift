import FacturoClient
import FacturoDomain
import FacturoWire
import Foundation

/// `engagement …`: a recipient's engagements juridiques (EJ).
enum EngagementCommands {
    static let engagement = CommandSpec(
        name: "engagement",
        summary: "Engagements juridiques d'une structure publique (bons de commande)",
        details: """
            Avec controle_engagements (directory update --check-engagements oui), une facture doit citer un
            engagement de son destinataire, valide le jour du dépôt et détenu pour son fournisseur.
            Écrire : habilitation engagements en modification sur la structure ; lister : consultation
            (ou, pour un fournisseur, factures_emises en consultation : list --supplier).
            import : CSV d'en-tête numero;fournisseur;montant;debut;fin (debut et fin facultatifs),
                     tout ou rien (10 000 lignes au plus).
            Erreurs : INVALID_AMOUNT, INVALID_DATE, NOT_FOUND, FORBIDDEN.
            """,
        subcommands: [create, importFile, list, remove]
    )

    static let create = CommandSpec(
        name: "create", summary: "Créer ou remplacer un engagement",
        positionals: [.init("STRUCTURE", values: .myStructures), .init("NUMERO")],
        options: [.init("--supplier", "STRUCTURE", required: true), .init("--amount", "MONTANT", required: true), .init("--from", "AAAA-MM-JJ"), .init("--until", "AAAA-MM-JJ")]
    ) { arguments, context in
        let answer = try await context.session.connected().call(InvoiceCatalogue.engagementSave, .with {
            $0.engagement = .with {
                $0.recipient = arguments.required("STRUCTURE")
                $0.number = arguments.required("NUMERO")
                $0.supplier = arguments.option("--supplier") ?? ""
                $0.amount = TypedDecimal.normalized(arguments.option("--amount") ?? "")
                $0.validFrom = arguments.option("--from") ?? ""
                $0.validUntil = arguments.option("--until") ?? ""
            }
        })
        return .record([.init("engagement", arguments.required("NUMERO")), .init("result", answer.result)])
    }

    static let importFile = CommandSpec(
        name: "import", summary: "Importer les engagements d'une structure depuis un CSV (tout ou rien)",
        positionals: [.init("STRUCTURE", values: .myStructures), .init("FICHIER.csv", values: .filePaths)]
    ) { arguments, context in
        let path = arguments.required("FICHIER.csv")
        guard let data = FileManager.default.contents(atPath: path) else { throw ConsoleError.usage("fichier illisible : \(path)") }
        let text = try CSVText.decode(data, name: path)
        let headerLine = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        let records: [CSVReader.Record]
        do { records = try CSVReader(separator: CSVReader.detectSeparator(headerLine: headerLine)).records(text) } catch let CSVReader.Failure.unterminatedQuote(line) {
            throw ConsoleError.usage("\(path):\(line) : guillemet ouvert jamais refermé")
        }
        guard let header = records.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            throw ConsoleError.usage("\(path) est vide (en-tête numero;fournisseur;montant;debut;fin attendu)")
        }
        let known = ["numero", "fournisseur", "montant", "debut", "fin"]
        if let unknown = header.first(where: { !known.contains($0) }) {
            throw ConsoleError.usage("\(path) : colonne inconnue « \(unknown) » (colonnes : \(known.joined(separator: ", ")))")
        }
        for required in ["numero", "fournisseur", "montant"] where !header.contains(required) {
            throw ConsoleError.usage("\(path) : colonne obligatoire absente : \(required)")
        }
        func value(_ record: CSVReader.Record, _ column: String) -> String {
            guard let index = header.firstIndex(of: column), index < record.fields.count else { return "" }
            return record.fields[index].trimmingCharacters(in: .whitespaces)
        }
        let engagements = records.dropFirst().map { record in
            Facturo_V1_EngagementInfo.with {
                $0.number = value(record, "numero")
                $0.supplier = value(record, "fournisseur")
                $0.amount = TypedDecimal.normalized(value(record, "montant"))
                $0.validFrom = value(record, "debut")
                $0.validUntil = value(record, "fin")
            }
        }
        let answer = try await context.session.connected().call(InvoiceCatalogue.engagementImport, .with {
            $0.recipient = arguments.required("STRUCTURE")
            $0.engagements = engagements
        })
        return .record([.init("created", String(answer.created)), .init("updated", String(answer.updated)), .init("unchanged", String(answer.unchanged))])
    }

    static let list = CommandSpec(
        name: "list", summary: "Les engagements d'une structure, ou ceux détenus pour un fournisseur (--supplier)",
        positionals: [.init("STRUCTURE", optional: true, values: .myStructures)], options: [.init("--supplier", "STRUCTURE", values: .myStructures)]
    ) { arguments, context in
        guard (arguments["STRUCTURE"] == nil) != (arguments.option("--supplier") == nil) else {
            throw ConsoleError.usage("usage : engagement list STRUCTURE | engagement list --supplier STRUCTURE")
        }
        let answer = try await context.session.connected().call(InvoiceCatalogue.engagementList, .with {
            $0.recipient = arguments["STRUCTURE"] ?? ""
            $0.supplier = arguments.option("--supplier") ?? ""
        })
        return .table(
            columns: ["numero", "destinataire", "fournisseur", "montant", "debut", "fin"],
            rows: answer.engagements.map { [$0.number, $0.recipient, $0.supplier, $0.amount, $0.validFrom, $0.validUntil] }
        )
    }

    static let remove = CommandSpec(
        name: "remove", summary: "Supprimer un engagement",
        positionals: [.init("STRUCTURE", values: .myStructures), .init("NUMERO")]
    ) { arguments, context in
        _ = try await context.session.connected().call(InvoiceCatalogue.engagementRemove, .with {
            $0.recipient = arguments.required("STRUCTURE")
            $0.number = arguments.required("NUMERO")
        })
        return .notice("engagement \(arguments.required("NUMERO")) supprimé")
    }
}
