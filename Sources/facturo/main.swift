import ArgumentParser
import FacturoClient
import FacturoConsole
import Foundation

/// `facturo`: the Facturo console. Flags follow psql's habits.
struct FacturoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facturo",
        abstract: "Console de la plateforme d'échange de factures Facturo.",
        discussion: """
            Sans -f ni -c, lit les commandes sur l'entrée standard, ou ouvre l'invite
            interactive sur un terminal. Mot de passe : FACTURO_PASSWORD, sinon demandé
            sans écho. Codes de sortie : 0 ok, 1 usage ou E/S, 2 connexion/TLS/
            authentification, 3 une commande a échoué, 4 une assertion a échoué.
            """
    )

    @Option(help: "Adresse du serveur HOTE:PORT (env FACTURO_SERVER ; défaut localhost:7443).")
    var server: String?

    @Option(help: "Fichier PEM de l'autorité qui a signé le certificat du serveur (env FACTURO_CA).")
    var ca: String?

    @Option(help: "Certificat client (PEM) pour le TLS mutuel (env FACTURO_CERT).")
    var cert: String?

    @Option(help: "Clé privée du certificat client (PEM) (env FACTURO_KEY).")
    var key: String?

    @Option(help: "Se connecter au démarrage avec cet e-mail.")
    var user: String?

    @Option(name: .customShort("f"), help: "Exécuter ce fichier de script (répétable).")
    var file: [String] = []

    @Option(name: .customShort("c"), help: "Exécuter cette commande (répétable).")
    var command: [String] = []

    @Option(help: "Format de sortie : table, json, ndjson ou csv (défaut : table).")
    var format: String?

    @Option(name: .customShort("v"), help: "Définir une variable de script, NOM=VALEUR (répétable).")
    var variable: [String] = []

    @Flag(help: "Ignorer ~/.facturorc (ou $FACTURORC).")
    var noRc = false

    @Flag(help: "Ne pas se connecter au démarrage (certificate verify travaille hors ligne) ; une commande qui parle au serveur se connecte alors d'elle-même.")
    var offline = false

    mutating func run() async throws {
        throw ExitCode(try await runConsole().rawValue)
    }

    /// Named apart from `run()`: called on a concrete value, `run()` would
    /// resolve to ParsableCommand's synchronous default, which prints help.
    func runConsole() async throws -> ExitStatus {
        var environment = ProcessInfo.processInfo.environment
        let rc: RCFile
        do {
            rc = noRc ? RCFile() : try RCFile.load(environment: environment)
        } catch {
            throw ValidationError(error.message)
        }
        if environment["FACTURO_HISTORY"] == nil, let history = rc["history"] { environment["FACTURO_HISTORY"] = history }
        let address = server ?? environment["FACTURO_SERVER"] ?? rc["server"] ?? "localhost:7443"
        guard let (host, port) = ClientConfiguration.parseAddress(address) else {
            throw ValidationError("--server attend HOTE:PORT, reçu : \(address)")
        }
        guard let outputFormat = OutputFormat(rawValue: format ?? rc["format"] ?? "table") else {
            throw ValidationError("--format attend l'un de : \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let variables = try variable.map { assignment -> (String, String) in
            guard let equals = assignment.firstIndex(of: "="), Variables.isValidName(String(assignment[..<equals])) else {
                throw ValidationError("-v attend NOM=VALEUR, reçu : \(assignment)")
            }
            return (String(assignment[..<equals]), String(assignment[assignment.index(after: equals)...]))
        }
        let certificate = cert ?? environment["FACTURO_CERT"] ?? rc["cert"]
        let privateKey = key ?? environment["FACTURO_KEY"] ?? rc["key"]
        guard (certificate == nil) == (privateKey == nil) else {
            throw ValidationError("--cert et --key vont ensemble")
        }
        let options = ConsoleOptions(
            server: ClientConfiguration(
                host: host, port: port,
                caFile: ca ?? environment["FACTURO_CA"] ?? rc["ca"],
                certificateFile: certificate, keyFile: privateKey,
                clientName: "facturo-console"
            ),
            user: user ?? rc["user"],
            files: file,
            commands: command,
            format: outputFormat,
            variables: variables,
            environment: environment,
            connectAtStart: !offline
        )
        return await Console.run(options)
    }
}

// Not `@main`: ArgumentParser exits with 64 on usage errors, and the
// console's documented contract says 1.
do {
    let command = try FacturoCommand.parse()
    let status = try await command.runConsole()
    exit(status.rawValue)
} catch {
    if FacturoCommand.exitCode(for: error) == .success {
        FacturoCommand.exit(withError: error)
    }
    FileHandle.standardError.write(Data((FacturoCommand.fullMessage(for: error) + "\n").utf8))
    Foundation.exit(ExitStatus.usageOrIO.rawValue)
}
