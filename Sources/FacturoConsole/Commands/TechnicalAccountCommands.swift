import FacturoClient
import FacturoWire
import Foundation

/// `techaccount …` (raccordements) and `audit`.
enum TechnicalAccountCommands {
    static let techaccount = CommandSpec(
        name: "techaccount",
        synopsis: "techaccount create|rebind STRUCTURE EMAIL (--certificate FICHIER.pem | --sha256 EMPREINTE) | list STRUCTURE | revoke STRUCTURE EMAIL",
        summary: "Comptes techniques (raccordements) liés à un certificat client",
        details: """
            create : le compte est lié à l'empreinte SHA-256 du certificat (calculée depuis
                     --certificate, ou donnée par --sha256, format openssl x509 -fingerprint -sha256
                     accepté). Le système se connecte ensuite par « login --certificate » quand le
                     serveur tourne avec --client-ca. Rattaché à la structure comme utilisateur :
                     donnez-lui ses habilitations (habilitation grant).
            rebind : certificat renouvelé ; l'ancien ne permet plus de se connecter.
            revoke : immédiat ; la requête suivante du compte est refusée (AUTH_ACCOUNT_DISABLED).
            Erreurs : FORBIDDEN, NOT_FOUND, ALREADY_EXISTS, INVALID_CERTIFICATE_FINGERPRINT.
            """,
        arity: 2...Int.max,
        flags: ["--certificate", "--sha256", "--name"],
        complete: { request in
            if request.arguments.isEmpty { return ["create", "rebind", "list", "revoke"] }
            if request.flag == "--certificate" { return CompletionValues.filePaths(request.word) }
            return []
        },
        run: { words, context in
            let arguments = try CommandArguments(Array(words.dropFirst()), flags: ["--certificate", "--sha256", "--name"])
            let connection = try await context.session.connected()
            switch words[0] {
            case "create":
                let positional = try arguments.positional(2, "techaccount create STRUCTURE EMAIL (--certificate FICHIER.pem | --sha256 EMPREINTE)")
                let fingerprint = try fingerprintOption(arguments)
                let answer = try await connection.call(TechnicalAccountCatalogue.create, Facturo_V1_TechnicalAccountCreateRequest.with {
                    $0.structure = positional[0]
                    $0.email = positional[1]
                    $0.displayName = arguments.options["--name"] ?? ""
                    $0.certificateSha256 = fingerprint
                })
                return .record([.init("email", answer.account.email), .init("sha256", fingerprint.lowercased()), .init("active", OrganisationOutput.yesNo(answer.account.active))])
            case "rebind":
                let positional = try arguments.positional(2, "techaccount rebind STRUCTURE EMAIL (--certificate FICHIER.pem | --sha256 EMPREINTE)")
                let fingerprint = try fingerprintOption(arguments)
                _ = try await connection.call(TechnicalAccountCatalogue.rebind, Facturo_V1_TechnicalAccountRebindRequest.with {
                    $0.structure = positional[0]
                    $0.email = positional[1]
                    $0.certificateSha256 = fingerprint
                })
                return .record([.init("email", positional[1]), .init("sha256", fingerprint.lowercased())])
            case "list":
                let structure = try arguments.positional(1, "techaccount list STRUCTURE")[0]
                let answer = try await connection.call(TechnicalAccountCatalogue.list, Facturo_V1_TechnicalAccountListRequest.with { $0.structure = structure })
                return .table(columns: OrganisationOutput.userColumns, rows: answer.accounts.map { OrganisationOutput.userRow($0) })
            case "revoke":
                let positional = try arguments.positional(2, "techaccount revoke STRUCTURE EMAIL")
                _ = try await connection.call(TechnicalAccountCatalogue.revoke, Facturo_V1_TechnicalAccountRevokeRequest.with {
                    $0.structure = positional[0]
                    $0.email = positional[1]
                })
                return .message("Compte technique \(positional[1]) révoqué.")
            default:
                throw ConsoleError.usage("usage : techaccount create|rebind|list|revoke …")
            }
        }
    )

    /// The fingerprint from `--certificate FILE.pem` (computed) or `--sha256`.
    static func fingerprintOption(_ arguments: CommandArguments) throws -> String {
        if let file = arguments.options["--certificate"] {
            do { return try CertificateFiles.fingerprint(ofPEMFile: file).hex } catch {
                throw ConsoleError.usage("\(file) : certificat PEM illisible")
            }
        }
        if let given = arguments.options["--sha256"] { return given }
        throw ConsoleError.usage("--certificate FICHIER.pem ou --sha256 EMPREINTE est obligatoire")
    }

    static let audit = CommandSpec(
        name: "audit",
        synopsis: "audit [--structure STRUCTURE] [--limit N] [--before ID]",
        summary: "Journal d'audit : qui a changé quoi, quand, avant/après",
        details: """
            Administrateurs : tout le journal ; gestionnaires : --structure d'une structure qu'ils gèrent.
            Du plus récent au plus ancien ; --before ID pour la page suivante.
            """,
        arity: 0...6,
        flags: ["--structure", "--limit", "--before"],
        run: { words, context in
            let arguments = try CommandArguments(words, flags: ["--structure", "--limit", "--before"])
            _ = try arguments.positional(0, "audit [--structure STRUCTURE] [--limit N] [--before ID]")
            let limit = try arguments.count("--limit") ?? 100
            let before = try arguments.count("--before") ?? 0
            let answer = try await context.session.connected().call(AuditCatalogue.list, Facturo_V1_AuditListRequest.with {
                $0.structure = arguments.options["--structure"] ?? ""
                $0.limit = UInt32(min(limit, 10_000))
                $0.beforeID = Int64(before)
            })
            return .table(
                columns: ["id", "quand", "qui", "action", "structure", "cible", "avant", "apres"],
                rows: answer.entries.map { [String($0.id), Timestamps.iso8601(unixMilliseconds: $0.atUnixMs), $0.actor, $0.action, $0.structure, $0.target, $0.before, $0.after] }
            )
        }
    )
}
