import FacturoClient
import FacturoServer
import FacturoStore
import Foundation
import Logging

/// A facturo server on 127.0.0.1 (port 0) over the development
/// certificates, as every server benchmark runs one, with a client
/// configuration pointing at it.
struct BenchmarkServer {
    let server: FacturoServer
    let port: Int
    let certificates: String
    private let running: Task<Void, any Error>

    /// A fresh folder under the system's temporary directory.
    static func temporaryFolder(_ prefix: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func start(certificates: String, store: any Store, hasher: PasswordHasher, limits: ConnectionLimits = ConnectionLimits()) async throws -> BenchmarkServer {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let server = try FacturoServer(
            configuration: ServerConfiguration(
                host: "127.0.0.1", port: 0,
                tls: TLSFiles(certificateChain: certificates + "/server.crt", privateKey: certificates + "/server.key"),
                limits: limits
            ),
            store: store, hasher: hasher, logger: logger
        )
        let running = Task { try await server.run() }
        do {
            let port = try await server.listeningAddress().port!
            return BenchmarkServer(server: server, port: port, certificates: certificates, running: running)
        } catch {
            server.beginShutdown()
            throw error
        }
    }

    func connect() async throws -> FacturoConnection {
        try await FacturoConnection.connect(
            ClientConfiguration(host: "127.0.0.1", port: port, caFile: certificates + "/ca.crt", clientName: "facturo-bench")
        )
    }

    /// Graceful stop; returns when the server has stopped.
    func stop() async throws {
        server.beginShutdown()
        try await running.value
    }
}
