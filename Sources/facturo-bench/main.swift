import ArgumentParser
import FacturoBench
import FacturoCertificates
import FacturoServer
import FacturoClient
import FacturoStore
import Foundation
import NIOCore
import NIOPosix

/// `facturo-bench`: the figures written in docs/benchmarks.md (run it on a
/// release build, scripts/bench), and the two halves of scripts/crashtest.
struct FacturoBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facturo-bench",
        abstract: "Measure the codec and the server; drive and check the crash test.",
        subcommands: [Measure.self, Load.self, CrashWrite.self, CrashVerify.self],
        defaultSubcommand: Measure.self
    )
}

struct Measure: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print Markdown rows with the machine and date (the default)."
    )

    @Option(help: "Folder of the dev certificates (scripts/gen-certs).")
    var certs: String = "certs"

    @Option(help: "Frames for the codec benchmark.")
    var frames: Int = 500_000

    @Option(help: "Pings for the server benchmark.")
    var pings: Int = 20_000

    @Option(help: "Requests in flight for the pipelined pings.")
    var concurrency: Int = 32

    @Option(help: "Logins (each runs the password KDF once).")
    var logins: Int = 10

    @Option(help: "Structures in the generated directory import file.")
    var structures: Int = 100_000

    @Option(help: "Lines per import chunk (the console's default).")
    var importChunk: Int = 1000

    static let names = ["codec", "server", "login-flood", "directory-import", "invoice-check", "invoice-xml"]

    @Option(help: "Run only these benchmarks, comma-separated: codec, server, login-flood, directory-import, invoice-check, invoice-xml.")
    var only: String?

    func validate() throws {
        let unknown = selected.subtracting(Self.names)
        guard unknown.isEmpty else { throw ValidationError("--only: unknown \(unknown.sorted().joined(separator: ", ")) (known: \(Self.names.joined(separator: ", ")))") }
    }

    var selected: Set<String> {
        only.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) } ?? Set(Self.names)
    }

    func run() async throws {
        var results: [BenchmarkResult] = []
        if selected.contains("codec") { results.append(try CodecBenchmark.run(frames: frames, payloadBytes: 64)) }
        if selected.contains("server") { results += try await ServerBenchmark(certificates: certs).run(pings: pings, concurrency: concurrency, logins: logins) }
        if selected.contains("login-flood") { results += try await LoginFloodBenchmark(certificates: certs).run(logins: logins) }
        if selected.contains("directory-import") { results += try await DirectoryImportBenchmark(certificates: certs).run(structures: structures, chunk: importChunk) }
        if selected.contains("invoice-check") { results.append(try InvoiceCheckBenchmark.run()) }
        if selected.contains("invoice-xml") { results.append(try InvoiceXMLBenchmark.run()) }
        print("Machine: \(MachineDescription.current())\n")
        print("| benchmark | result | reference (same run) | ratio | detail |")
        print("|---|---|---|---|---|")
        for result in results { print(result.markdownRow) }
    }
}

/// Where the outside commands (load, crash-write) connect.
struct ServerOptions: ParsableArguments {
    @Option(help: "HOST:PORT of the server.")
    var server: String

    @Option(help: "CA of the server certificate.")
    var ca: String = "certs/ca.crt"

    func configuration(clientName: String) throws -> ClientConfiguration {
        guard let (host, port) = ClientConfiguration.parseAddress(server) else { throw ValidationError("--server must be HOST:PORT") }
        return ClientConfiguration(host: host, port: port, caFile: ca, clientName: clientName)
    }
}

struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a running server from outside: N logged-in TLS connections, P requests in flight on each.",
        discussion: "The password comes from FACTURO_PASSWORD. Give --server-pid for the server's CPU per request (read from /proc)."
    )

    @OptionGroup var target: ServerOptions

    @Option(help: "Account every connection logs in as.")
    var user: String

    @Option(help: "ping, whoami, structure-show, my-habilitations, directory-search, submit-1 or submit-10.")
    var mix: String = "ping"

    @Option(help: "Structure shown by structure-show.")
    var structure: String = "21100001900011"

    @Option(help: "TLS connections, each logged in.")
    var connections: Int = 50

    @Option(help: "Requests in flight on each connection.")
    var depth: Int = 1

    @Option(help: "Seconds to run (default 10 unless --count).")
    var duration: Int?

    @Option(help: "Requests in all, instead of a duration.")
    var count: Int?

    @Option(help: "PID of the server, when local: its CPU time per request.")
    var serverPid: Int32?

    /// One per core by default: with fewer, this Swift client (about as
    /// costly per request as the server) limits the throughput measured.
    @Option(help: "Event-loop threads of the load generator (default: one per core).")
    var threads: Int = System.coreCount

    @Flag(help: "One JSON object instead of text.")
    var json = false

    @Option(help: "Administrator (same password) whose session reads the group-commit counters before and after a submit run.")
    var metricsUser: String?

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard LoadGenerator.Mix(rawValue: mix) != nil else {
            throw ValidationError("--mix must be one of \(LoadGenerator.Mix.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard connections >= 1, depth >= 1 else { throw ValidationError("--connections and --depth must be at least 1") }
        guard duration == nil || count == nil else { throw ValidationError("--duration or --count, not both") }
    }

    func run() async throws {
        let configuration = try target.configuration(clientName: "facturo-bench-load")
        let password = ProcessInfo.processInfo.environment["FACTURO_PASSWORD"] ?? ""
        let stop: LoadGenerator.Stop = count.map { .count($0) } ?? .duration(.seconds(duration ?? 10))
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        var report: LoadGenerator.Report
        do {
            let generator = LoadGenerator(configuration: configuration, email: user, password: password, structure: structure, group: group)
            let before = try await metricsUser.asyncMap { try await generator.batchCounters(administrator: $0) }
            report = try await generator.run(mix: LoadGenerator.Mix(rawValue: mix)!, connections: connections, depth: depth, stop: stop, serverPID: serverPid)
            if let before, let after = try await metricsUser.asyncMap({ try await generator.batchCounters(administrator: $0) }) {
                report.batches = (after.count - before.count, after.invoices - before.invoices)
            }
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try? await group.shutdownGracefully()
        print(json ? report.json : report.text)
    }
}

struct CrashWrite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crash-write",
        abstract: "Make acknowledged writes until the server dies, one ledger line per acknowledgement."
    )

    @OptionGroup var target: ServerOptions

    @Option(help: "Platform administrator to write as; password from FACTURO_PASSWORD.")
    var user: String = "admin@demo.facturo.fr"

    @Option(help: "Ledger file (appended to).")
    var ledger: String

    @Option(help: "Round number, to keep e-mails and SIRETs unique across rounds.")
    var round: Int = 0

    @Option(help: "Connections writing at once.")
    var connections: Int = 4

    @Option(help: "Stop after this many seconds if the server is still alive.")
    var seconds: Int = 60

    func run() async throws {
        let configuration = try target.configuration(clientName: "facturo-crashtest")
        let password = ProcessInfo.processInfo.environment["FACTURO_PASSWORD"] ?? ""
        let earlier = (try? AcknowledgedWrites.read(path: ledger)) ?? []
        let acknowledgedKeys = Set(earlier.filter { $0.first == "invoice" && $0.count > 2 }.map { $0[2] })
        let unacknowledged = earlier.filter { $0.first == "pending" && $0.count == 2 && !acknowledgedKeys.contains($0[1]) }.map { $0[1] }
        let writer = CrashWriter(
            configuration: configuration, administrator: user, password: password, ledger: try AcknowledgedWrites(path: ledger), round: String(round),
            unacknowledgedKeys: unacknowledged
        )
        let outcome = await writer.run(connections: connections, duration: .seconds(seconds))
        print("acknowledged: \(outcome.acknowledged)")
        for refusal in outcome.unexpected { print("UNEXPECTED \(refusal)") }
        if !outcome.unexpected.isEmpty { throw ExitCode(1) }
    }
}

struct CrashVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crash-verify",
        abstract: "Check every acknowledged write of the ledger in the database the killed server left."
    )

    @Option(help: "Data folder of the server (holds facturo.sqlite).")
    var data: String

    @Option(help: "Ledger file written by crash-write.")
    var ledger: String

    @Option(help: "E-mail prefix of this round's accounts, for the half-written check.")
    var prefix: String = "crash-"

    func run() async throws {
        let store = try SQLiteStore(path: (data as NSString).appendingPathComponent("facturo.sqlite"))
        let keyPath = (data as NSString).appendingPathComponent(SigningKeyFile.defaultName)
        let publicKey = FileManager.default.contents(atPath: keyPath).flatMap { try? SigningKeyPEM.privateKey(pem: String(decoding: $0, as: UTF8.self)).publicKey }
        if publicKey == nil { print("MISSING signing key \(keyPath): certificates not verified") }
        let report = try await CrashVerifier(store: store, publicKey: publicKey).verify(ledger: try AcknowledgedWrites.read(path: ledger), accountPrefix: prefix)
        try await store.close()
        for problem in report.problems { print("MISSING \(problem)") }
        print("checked: \(report.checked), problems: \(report.problems.count)")
        if !report.problems.isEmpty { throw ExitCode(1) }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

// Dispatch on the concrete type: see facturo-server's main for why.
do {
    var command = try FacturoBenchCommand.parseAsRoot()
    switch command {
    case let measure as Measure: try await measure.run()
    case let load as Load: try await load.run()
    case let write as CrashWrite: try await write.run()
    case let verify as CrashVerify: try await verify.run()
    default: try command.run()
    }
} catch {
    FacturoBenchCommand.exit(withError: error)
}
