import FacturoClient
import FacturoDomain
import FacturoServer
import FacturoStore
import Foundation
import Logging
import NIOCore
import NIOPosix

/// A real facturo server on 127.0.0.1, port 0, over TLS with the dev PKI,
/// backed by a fresh SQLite database holding one user.
final class TestServer: Sendable {
    static let email = "camille@example.fr"
    static let password = "un mot de passe solide"
    /// Cheap KDF cost: tests exercise the logic, not the cost.
    static let hasher = PasswordHasher(logN: 10, blockSize: 8, parallelism: 1)

    let server: FacturoServer
    let store: any Store
    let port: Int
    private let runTask: Task<Void, any Error>

    private init(server: FacturoServer, store: any Store, port: Int, runTask: Task<Void, any Error>) {
        self.server = server
        self.store = store
        self.port = port
        self.runTask = runTask
    }

    static func start(
        limits: ConnectionLimits = ConnectionLimits(),
        clientCA: String? = nil,
        adminClientCA: String? = nil,
        store: (any Store)? = nil,
        middleware: [any RequestMiddleware] = [],
        hasher: PasswordHasher = TestServer.hasher,
        maxConnections: Int = 1_000,
        maxPartialFrameBytes: Int = ServerConfiguration.defaultMaxPartialFrameBytes,
        maxInFlightPayloadBytes: Int = ServerConfiguration.defaultMaxInFlightPayloadBytes,
        logHandler: (any LogHandler)? = nil
    ) async throws -> TestServer {
        let store = try store ?? makeStore()
        if try await store.credentials(for: EmailAddress(email)) == nil {
            _ = try await store.createUser(NewUser(
                email: EmailAddress(email), displayName: "Camille Martin", kind: .entreprise,
                isPlatformAdministrator: false, passwordHash: hasher.hash(password)
            ))
        }
        var logger = logHandler.map { handler in Logger(label: "test-server") { _ in handler } } ?? Logger(label: "test-server")
        if logHandler == nil {
            logger.logLevel = ProcessInfo.processInfo.environment["TEST_LOG"] != nil ? .trace : .critical
        }
        let server = try FacturoServer(
            configuration: ServerConfiguration(
                host: "127.0.0.1", port: 0,
                tls: TLSFiles(certificateChain: TestPKI.serverCertificate, privateKey: TestPKI.serverKey, clientCA: clientCA, adminClientCA: adminClientCA),
                limits: limits, maxConnections: maxConnections, maxPartialFrameBytes: maxPartialFrameBytes,
                maxInFlightPayloadBytes: maxInFlightPayloadBytes
            ),
            store: store, hasher: hasher, middleware: middleware, logger: logger
        )
        let runTask = Task { try await server.run() }
        let address = try await server.listeningAddress()
        return TestServer(server: server, store: store, port: address.port!, runTask: runTask)
    }

    static func makeStore() throws -> SQLiteStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("facturo-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try SQLiteStore(path: folder.appendingPathComponent("facturo.sqlite").path)
    }

    func clientConfiguration(certificate: String? = nil, key: String? = nil, host: String = "127.0.0.1") -> ClientConfiguration {
        ClientConfiguration(host: host, port: port, caFile: TestPKI.ca, certificateFile: certificate, keyFile: key, clientName: "tests")
    }

    func connect() async throws -> FacturoConnection {
        try await FacturoConnection.connect(clientConfiguration())
    }

    func connectAndLogin() async throws -> FacturoConnection {
        let connection = try await connect()
        _ = try await connection.login(email: Self.email, password: Self.password)
        return connection
    }

    /// Graceful shutdown; returns when `run()` has returned.
    func shutdown() async throws {
        server.beginShutdown()
        try await runTask.value
    }

    /// Waits for `run()` to end on its own (after `beginShutdown`).
    func waitUntilStopped() async throws {
        try await runTask.value
    }
}
