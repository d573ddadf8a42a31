import FacturoClient
import FacturoDomain
import FacturoServer
import FacturoStore
import Foundation
import Logging
import NIOCore

/// Round trips through a real TLS server on 127.0.0.1 (port 0) in this
/// process: sequential pings are the reference for pipelined ones, and
/// logins show what the password KDF costs.
public struct ServerBenchmark {
    let certificates: String
    let folder: URL

    /// `certificates`: the folder written by scripts/gen-certs.
    public init(certificates: String) throws {
        self.certificates = certificates
        folder = try BenchmarkServer.temporaryFolder("facturo-bench")
    }

    static let email = "bench@example.fr"
    static let password = "mot de passe du banc d'essai"

    public func run(pings: Int, concurrency: Int, logins: Int) async throws -> [BenchmarkResult] {
        let store = try SQLiteStore(path: folder.appendingPathComponent("facturo.sqlite").path)
        let hasher = PasswordHasher.recommended
        _ = try await store.createUser(NewUser(
            email: EmailAddress(Self.email), displayName: "Banc d'essai", kind: .entreprise,
            isPlatformAdministrator: false, passwordHash: hasher.hash(Self.password)
        ))
        let server = try await BenchmarkServer.start(
            certificates: certificates, store: store, hasher: hasher, limits: ConnectionLimits(maxInFlight: max(concurrency, 1))
        )
        defer { server.server.beginShutdown() }
        let connection = try await server.connect()
        let clock = ContinuousClock()

        var loginLatency = LatencyRecorder()
        for _ in 0..<logins {
            let started = clock.now
            _ = try await connection.login(email: Self.email, password: Self.password)
            loginLatency.record(clock.now - started)
        }

        var sequentialLatency = LatencyRecorder()
        let sequential = try await clock.measure {
            for _ in 0..<pings {
                let started = clock.now
                _ = try await connection.ping()
                sequentialLatency.record(clock.now - started)
            }
        }

        let pipelined = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                let perWorker = pings / concurrency
                for _ in 0..<concurrency {
                    group.addTask {
                        for _ in 0..<perWorker { _ = try await connection.ping() }
                    }
                }
                try await group.waitForAll()
            }
        }
        await connection.close()
        try await server.stop()

        let sequentialRate = Double(pings) / CodecBenchmark.seconds(sequential)
        let pipelinedRate = Double((pings / concurrency) * concurrency) / CodecBenchmark.seconds(pipelined)
        return [
            BenchmarkResult(name: "ping, one at a time", value: sequentialRate, unit: "req/s", detail: sequentialLatency.summary),
            BenchmarkResult(
                name: "ping, \(concurrency) in flight on one connection", value: pipelinedRate, unit: "req/s",
                reference: ("one at a time", sequentialRate), detail: "\(pings) pings"
            ),
            BenchmarkResult(name: "login (scrypt N=2^17, r=8, p=1)", value: Double(loginLatency.percentile(50)) / 1000, unit: "ms p50", detail: loginLatency.summary),
        ]
    }
}
