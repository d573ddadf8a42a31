import ArgumentParser
import FacturoBench
import Foundation

/// `facturo-bench`: the figures written in docs/benchmarks.md. Run it on a
/// release build (scripts/bench); numbers from a debug build mean little.
struct FacturoBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facturo-bench",
        abstract: "Measure the codec and the server; print Markdown rows with the machine and date."
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

    func run() async throws {
        var results = [try CodecBenchmark.run(frames: frames, payloadBytes: 64)]
        results += try await ServerBenchmark(certificates: certs).run(pings: pings, concurrency: concurrency, logins: logins)
        results += try await DirectoryImportBenchmark(certificates: certs).run(structures: structures, chunk: importChunk)
        print("Machine: \(MachineDescription.current())\n")
        print("| benchmark | result | reference (same run) | ratio | detail |")
        print("|---|---|---|---|---|")
        for result in results { print(result.markdownRow) }
    }
}

// Dispatch on the concrete type: see facturo-server's main for why.
do {
    let command = try FacturoBenchCommand.parse()
    try await command.run()
} catch {
    FacturoBenchCommand.exit(withError: error)
}
