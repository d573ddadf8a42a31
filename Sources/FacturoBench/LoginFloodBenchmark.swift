import FacturoClient
import FacturoDomain
import FacturoServer
import FacturoStore
import Foundation
import NIOConcurrencyHelpers

/// A well-behaved login while 50 connections send wrong passwords without
/// pause, against the same login on a quiet server in the same run: what
/// the KDF queue's lanes buy (issue 9). The flood uses a new e-mail for
/// every attempt, so the per-login lockout never spares the server the KDF.
public struct LoginFloodBenchmark {
    let certificates: String
    let folder: URL

    public init(certificates: String) throws {
        self.certificates = certificates
        folder = try BenchmarkServer.temporaryFolder("facturo-bench-flood")
    }

    public func run(logins: Int, attackers: Int = 50) async throws -> [BenchmarkResult] {
        let store = try SQLiteStore(path: folder.appendingPathComponent("facturo.sqlite").path)
        let hasher = PasswordHasher.recommended
        _ = try await store.createUser(NewUser(
            email: EmailAddress(ServerBenchmark.email), displayName: "Banc d'essai", kind: .entreprise,
            isPlatformAdministrator: false, passwordHash: hasher.hash(ServerBenchmark.password)
        ))
        let server = try await BenchmarkServer.start(certificates: certificates, store: store, hasher: hasher)
        let quiet = try await measureLogins(logins, on: server)

        let flooding = NIOLockedValueBox(true)
        let refusedOnce = NIOLockedValueBox(0)
        let flood = Task {
            await withTaskGroup(of: Void.self) { group in
                for attacker in 0..<attackers {
                    group.addTask {
                        guard let connection = try? await server.connect() else { return }
                        var attempt = 0
                        while flooding.withLockedValue({ $0 }) {
                            attempt += 1
                            _ = try? await connection.login(email: "intrus\(attacker)-\(attempt)@example.fr", password: "mauvais")
                            if attempt == 1 { refusedOnce.withLockedValue { $0 += 1 } }
                        }
                        await connection.close()
                    }
                }
            }
        }
        // Measure once every attacker was refused once (its connection is
        // then a suspect: the steady state of a flood) and the queue is long.
        while refusedOnce.withLockedValue({ $0 }) < attackers || server.server.kdfLoad.waiting < attackers / 2 {
            try await Task.sleep(for: .milliseconds(20))
        }
        let waiting = server.server.kdfLoad.waiting
        let loaded = try await measureLogins(logins, on: server)
        flooding.withLockedValue { $0 = false }
        await flood.value
        try await server.stop()

        return [
            BenchmarkResult(
                name: "login while \(attackers) connections send wrong passwords", value: Double(loaded.percentile(50)) / 1000, unit: "ms p50",
                reference: ("quiet server", Double(quiet.percentile(50)) / 1000),
                detail: "\(loaded.summary) · \(waiting) password checks waiting when measured"
            ),
        ]
    }

    /// Each login on a fresh connection, as a client that just arrived.
    private func measureLogins(_ count: Int, on server: BenchmarkServer) async throws -> LatencyRecorder {
        let clock = ContinuousClock()
        var latency = LatencyRecorder()
        for _ in 0..<count {
            let connection = try await server.connect()
            let started = clock.now
            _ = try await connection.login(email: ServerBenchmark.email, password: ServerBenchmark.password)
            latency.record(clock.now - started)
            await connection.close()
        }
        return latency
    }
}
