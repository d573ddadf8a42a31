import FacturoClient
import FacturoWire
import Foundation

/// `techaccount …`: technical accounts (raccordements) bound to a client
/// certificate.
enum TechnicalAccountCommands {
    static let certificateOptions: [CommandSpec.Option] = [
        .init("--certificate", "FICHIER.pem", values: .filePaths), .init("--sha256", "EMPREINTE"),
    ]

    static let techaccount = CommandSpec(
        name: "techaccount",
        summary: "Comptes techniques (raccordements) liés à un certificat client",
        details: """
            Le compte attend le certificat désigné par son empreinte SHA-256, calculée depuis
            --certificate ou donnée par --sha256 (format openssl x509 -fingerprint -sha256 accepté) ;
            l'un des deux est obligatoire. Il y est lié à la première connexion du système qui le
            présente (« login --certificate », serveur lancé avec --client-ca) : détenir le
            certificat en est la preuve. rebind : l'ancien certificat cesse aussitôt, le nouveau
            est lié à sa première connexion. Créer et relier : gestionnaires ; lister et révoquer :
            aussi l'habilitation raccordements. Rattaché à sa structure, pour toujours, comme
            utilisateur : donnez-lui ses habilitations (habilitation grant).
            Erreurs : FORBIDDEN, NOT_FOUND, ALREADY_EXISTS (e-mail pris), INVALID_CERTIFICATE_FINGERPRINT.
            """,
        subcommands: [
            CommandSpec(
                name: "create", summary: "Créer un compte technique lié à un certificat",
                positionals: [.init("STRUCTURE", values: .myStructures), .init("EMAIL")], options: certificateOptions + [.init("--name", "NOM")]
            ) { arguments, context in
                let fingerprint = try fingerprintOption(arguments)
                let answer = try await context.session.connected().call(TechnicalAccountCatalogue.create, Facturo_V1_TechnicalAccountCreateRequest.with {
                    $0.structure = arguments.required("STRUCTURE")
                    $0.email = arguments.required("EMAIL")
                    $0.displayName = arguments.option("--name") ?? ""
                    $0.certificateSha256 = fingerprint
                })
                return .record([.init("email", answer.account.email), .init("sha256", fingerprint.lowercased()), .init("active", OrganisationOutput.yesNo(answer.account.active))])
            },
            CommandSpec(
                name: "rebind", summary: "Lier le compte à un certificat renouvelé ; l'ancien ne connecte plus",
                positionals: [.init("STRUCTURE", values: .myStructures), .init("EMAIL")], options: certificateOptions
            ) { arguments, context in
                let fingerprint = try fingerprintOption(arguments)
                _ = try await context.session.connected().call(TechnicalAccountCatalogue.rebind, Facturo_V1_TechnicalAccountRebindRequest.with {
                    $0.structure = arguments.required("STRUCTURE")
                    $0.email = arguments.required("EMAIL")
                    $0.certificateSha256 = fingerprint
                })
                return .record([.init("email", arguments.required("EMAIL")), .init("sha256", fingerprint.lowercased())])
            },
            CommandSpec(name: "list", summary: "Les comptes techniques d'une structure", positionals: [.init("STRUCTURE", values: .myStructures)]) { arguments, context in
                let answer = try await context.session.connected().callAllPages(TechnicalAccountCatalogue.list, Facturo_V1_TechnicalAccountListRequest.with {
                    $0.structure = arguments.required("STRUCTURE")
                })
                return .table(columns: OrganisationOutput.userColumns, rows: answer.accounts.map { OrganisationOutput.userRow($0) })
            },
            CommandSpec(
                name: "revoke", summary: "Révoquer un compte technique : sa requête suivante est refusée (AUTH_ACCOUNT_DISABLED)",
                positionals: [.init("STRUCTURE", values: .myStructures), .init("EMAIL")]
            ) { arguments, context in
                let email = arguments.required("EMAIL")
                _ = try await context.session.connected().call(TechnicalAccountCatalogue.revoke, Facturo_V1_TechnicalAccountRevokeRequest.with {
                    $0.structure = arguments.required("STRUCTURE")
                    $0.email = email
                })
                return .notice("Compte technique \(email) révoqué.")
            },
        ]
    )

    /// The fingerprint from `--certificate FILE.pem` (computed) or `--sha256`.
    static func fingerprintOption(_ arguments: CommandArguments) throws -> String {
        if let file = arguments.option("--certificate") {
            do { return try CertificateFiles.fingerprint(ofPEMFile: file).hex } catch {
                throw ConsoleError.usage("\(file) : certificat PEM illisible")
            }
        }
        if let given = arguments.option("--sha256") { return given }
        throw ConsoleError.usage("--certificate FICHIER.pem ou --sha256 EMPREINTE est obligatoire")
    }
}
