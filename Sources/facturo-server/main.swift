import ArgumentParser
import FacturoServer
import FacturoStore
import Foundation
import Logging
import NIOPosix
import ServiceLifecycle

/// `facturo-server`: set up a database (`init`) or serve it (`serve`).
struct FacturoServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facturo-server",
        abstract: "Serveur TLS de la plateforme d'échange de factures Facturo.",
        subcommands: [Init.self, Serve.self, PublicKey.self]
    )
}

struct DataOption: ParsableArguments {
    @Option(help: "Folder holding the database (created if missing).")
    var data: String = "data"

    @Option(help: "Ed25519 key signing the deposit certificates (PEM; default: signing-key.pem in the data folder, made with mode 0600 if missing).")
    var signingKey: String?

    var signingKeyPath: String { signingKey ?? (data as NSString).appendingPathComponent(SigningKeyFile.defaultName) }

    /// Opens the SQLite database in the data folder, creating both if needed.
    func openStore() throws -> SQLiteStore {
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        return try SQLiteStore(path: (data as NSString).appendingPathComponent("facturo.sqlite"))
    }
}

struct PublicKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "public-key",
        abstract: "Print the public key that checks deposit certificates (PEM), making the signing key if missing."
    )

    @OptionGroup var storage: DataOption

    func run() async throws {
        print(try SigningKeyFile.loadOrCreate(storage.signingKeyPath).publicKeyPEM, terminator: "")
    }
}

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the database and its first platform administrator.",
        discussion: "The password comes from FACTURO_ADMIN_PASSWORD, or is asked twice without echo on a terminal."
    )

    @OptionGroup var storage: DataOption

    @Option(help: "E-mail of the platform administrator.")
    var admin: String

    @Option(help: "Display name of the administrator.")
    var name: String = "Administrateur de la plateforme"

    func run() async throws {
        let password = try Self.password()
        let store = try storage.openStore()
        defer { try? store.closeSync() }
        let user = try await AdministratorSetup.createAdministrator(email: admin, displayName: name, password: password, store: store)
        print("Created platform administrator \(user.email) in \(store.path)")
    }

    static func password() throws -> String {
        if let password = ProcessInfo.processInfo.environment["FACTURO_ADMIN_PASSWORD"] { return password }
        guard isatty(STDIN_FILENO) == 1 else {
            throw ValidationError("set FACTURO_ADMIN_PASSWORD (no terminal to ask the password on)")
        }
        let first = String(cString: getpass("Password: "))
        let second = String(cString: getpass("Password again: "))
        guard first == second else { throw ValidationError("the two passwords differ") }
        return first
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the database over TLS until SIGTERM or SIGINT.",
        discussion: "On SIGTERM/SIGINT the server stops accepting, answers the requests in flight, then exits."
    )

    @OptionGroup var storage: DataOption

    @Option(help: "Address to listen on, HOST:PORT (port 0 picks a free one).")
    var listen: String = "127.0.0.1:7443"

    @Option(help: "Server certificate chain (PEM).")
    var cert: String = "certs/server.crt"

    @Option(help: "Server private key (PEM).")
    var key: String = "certs/server.key"

    @Option(help: "Require client certificates issued by this CA (mutual TLS).")
    var clientCA: String?

    @Option(help: "Accept client certificates issued by this CA, and refuse platform administration without one.")
    var adminClientCA: String?

    @Flag(help: "Administrator accounts act only over mutual TLS (needs --client-ca or --admin-client-ca).")
    var adminRequiresClientCert = false

    @Flag(help: "EN 16931 checks accept the schematron's 1.00 tolerance on BR-CO-17, BR-S-08 and BR-S-09 (default: exact to the cent).")
    var lenientVATRounding = false

    @Flag(help: "Load the demo directory and users into an empty database (password: FACTURO_DEMO_PASSWORD or the documented default).")
    var demo = false

    @Option(help: "Largest accepted frame once logged in, in bytes (and largest answer).")
    var maxFrameBytes: Int = 16 * 1024 * 1024

    @Option(help: "Largest accepted frame before login, in bytes.")
    var maxFrameBytesBeforeLogin: Int = ConnectionLimits.defaultMaxFrameLengthBeforeLogin

    @Option(help: "Connections open at once (default: the open-file limit less 64).")
    var maxConnections: Int?

    @Option(help: "Seconds a new connection has to finish TLS and the protocol handshake.")
    var handshakeTimeout: Int = 10

    @Option(help: "Requests in flight per connection.")
    var maxInFlight: Int = 32

    @Option(help: "Close connections silent for this many seconds.")
    var idleTimeout: Int = 300

    @Option(help: "Seconds given to requests in flight at shutdown.")
    var shutdownGrace: Int = 30

    @Option(help: "Serve GET /metrics (Prometheus text) over HTTP on this loopback HOST:PORT; off by default.")
    var metricsListen: String?

    @Option(help: "Event-loop threads serving connections (default: one per core).")
    var threads: Int?

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
        guard maxFrameBytes >= 64, maxFrameBytes <= Int(UInt32.max) else { throw ValidationError("--max-frame-bytes must be between 64 and 2^32-1") }
        guard maxFrameBytesBeforeLogin >= 64, maxFrameBytesBeforeLogin <= maxFrameBytes else {
            throw ValidationError("--max-frame-bytes-before-login must be between 64 and --max-frame-bytes")
        }
        guard maxConnections.map({ $0 >= 1 }) ?? true else { throw ValidationError("--max-connections must be at least 1") }
        guard handshakeTimeout >= 1 else { throw ValidationError("--handshake-timeout must be at least 1 second") }
        if let metricsListen {
            guard let (host, _) = Self.hostAndPort(metricsListen), MetricsEndpoint.isLoopback(host) else {
                throw ValidationError("--metrics-listen must be a loopback HOST:PORT (127.0.0.1, ::1 or localhost): the metrics need no password")
            }
        }
        guard threads.map({ (1...256).contains($0) }) ?? true else { throw ValidationError("--threads must be between 1 and 256") }
        guard maxInFlight >= 1 else { throw ValidationError("--max-in-flight must be at least 1") }
        guard idleTimeout >= 1 else { throw ValidationError("--idle-timeout must be at least 1 second") }
        guard !adminRequiresClientCert || clientCA != nil || adminClientCA != nil else {
            throw ValidationError("--admin-requires-client-cert needs --client-ca or --admin-client-ca to verify the certificates")
        }
    }

    /// HOST:PORT, the host possibly in brackets for IPv6 (`[::1]:9100`).
    static func hostAndPort(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else { return nil }
        let host = text[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host.isEmpty ? nil : (host, port)
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel)!
        LoggingSystem.bootstrap { label in
            var handler = EscapingLogHandler(wrapping: StreamLogHandler.standardError(label: label))
            handler.logLevel = level
            return handler
        }
        ServerConfiguration.raiseOpenFileLimit()
        let logger = Logger(label: "facturo-server")
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else {
            throw ValidationError("--listen must be HOST:PORT, got \(listen)")
        }
        let host = String(listen[..<colon])

        let store = try storage.openStore()
        let schema = try await store.schemaVersion()
        logger.info("database open", metadata: ["path": "\(store.path)", "schema": "\(schema)"])
        if demo {
            let password = ProcessInfo.processInfo.environment["FACTURO_DEMO_PASSWORD"] ?? DemoData.defaultPassword
            if try await DemoData.loadIfEmpty(into: store, password: password) {
                logger.notice("demo data loaded", metadata: ["users": "\(DemoData.accounts.map(\.email).joined(separator: ", "))"])
            } else {
                logger.info("database not empty: demo data not loaded")
            }
        }

        var configuration = ServerConfiguration(
            host: host, port: port,
            tls: TLSFiles(certificateChain: cert, privateKey: key, clientCA: clientCA, adminClientCA: adminClientCA, adminRequiresClientCertificate: adminRequiresClientCert),
            limits: ConnectionLimits(
                maxFrameLength: maxFrameBytes,
                maxFrameLengthBeforeLogin: maxFrameBytesBeforeLogin,
                maxInFlight: maxInFlight,
                idleTimeout: .seconds(Int64(idleTimeout)),
                handshakeTimeout: .seconds(Int64(handshakeTimeout)),
                shutdownGracePeriod: .seconds(Int64(shutdownGrace))
            ),
            maxConnections: maxConnections ?? ServerConfiguration.defaultMaxConnections(),
            signer: try SigningKeyFile.loadOrCreate(storage.signingKeyPath)
        )
        configuration.lenientVATRounding = lenientVATRounding
        let server = try FacturoServer(
            configuration: configuration,
            store: store,
            group: threads.map { MultiThreadedEventLoopGroup(numberOfThreads: $0) } ?? MultiThreadedEventLoopGroup.singleton,
            logger: logger
        )
        var services: [any Service] = [server]
        if let metricsListen, let (metricsHost, metricsPort) = Self.hostAndPort(metricsListen) {
            services.append(MetricsEndpoint(host: metricsHost, port: metricsPort, server: server, logger: logger))
        }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
        try await store.close()
    }
}

// Not `@main`: a thrown error must become a message and exit status 1,
// not a crash, and ArgumentParser's usage exit (64) is not our contract.
do {
    // Dispatch on the concrete type: through an existential, Swift picks
    // ParsableCommand's synchronous default run(), which only prints help.
    var command = try FacturoServerCommand.parseAsRoot()
    switch command {
    case let serve as Serve: try await serve.run()
    case let setup as Init: try await setup.run()
    case let key as PublicKey: try await key.run()
    case is FacturoServerCommand:
        // No sub-command: a usage error, not a success (a script that
        // forgot `serve` must not believe the server started).
        FileHandle.standardError.write(Data((FacturoServerCommand.helpMessage() + "\nfacturo-server: une sous-commande est requise : init ou serve\n").utf8))
        exit(1)
    default: try command.run()
    }
} catch {
    if FacturoServerCommand.exitCode(for: error) == .success {
        FacturoServerCommand.exit(withError: error)
    }
    FileHandle.standardError.write(Data(("facturo-server: " + FacturoServerCommand.message(for: error) + "\n").utf8))
    exit(1)
}
