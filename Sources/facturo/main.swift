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

    @Option(help: "Server address HOST:PORT (env FACTURO_SERVER).")
    var server: String?

    @Option(help: "PEM file of the CA that signed the server certificate (env FACTURO_CA).")
    var ca: String?

    @Option(help: "Client certificate (PEM) for mutual TLS (env FACTURO_CERT).")
    var cert: String?

    @Option(help: "Client private key (PEM) for mutual TLS (env FACTURO_KEY).")
    var key: String?

    @Option(help: "Log in at start as this e-mail.")
    var user: String?

    @Option(name: .customShort("f"), help: "Run this script file (repeatable).")
    var file: [String] = []

    @Option(name: .customShort("c"), help: "Run this command (repeatable).")
    var command: [String] = []

    @Option(help: "Output format: table, json, ndjson or csv (default: table).")
    var format: String?

    @Option(name: .customShort("v"), help: "Set a script variable, NAME=VALUE (repeatable).")
    var variable: [String] = []

    @Flag(help: "Ignore ~/.facturorc (or $FACTURORC).")
    var noRc = false

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
            throw ValidationError("--server must be HOST:PORT, got \(address)")
        }
        guard let outputFormat = OutputFormat(rawValue: format ?? rc["format"] ?? "table") else {
            throw ValidationError("--format must be one of: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let variables = try variable.map { assignment -> (String, String) in
            guard let equals = assignment.firstIndex(of: "="), Variables.isValidName(String(assignment[..<equals])) else {
                throw ValidationError("-v takes NAME=VALUE, got \(assignment)")
            }
            return (String(assignment[..<equals]), String(assignment[assignment.index(after: equals)...]))
        }
        let certificate = cert ?? environment["FACTURO_CERT"] ?? rc["cert"]
        let privateKey = key ?? environment["FACTURO_KEY"] ?? rc["key"]
        guard (certificate == nil) == (privateKey == nil) else {
            throw ValidationError("--cert and --key go together")
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
            environment: environment
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
