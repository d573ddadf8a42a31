import FacturoClient
import FacturoServer
import FacturoWire
import Foundation
import NIOConcurrencyHelpers
import Testing

@Suite struct LoginThrottleTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        private let current = NIOLockedValueBox(Date(timeIntervalSince1970: 1_000_000))
        func now() -> Date { current.withLockedValue { $0 } }
        func advance(_ seconds: TimeInterval) { current.withLockedValue { $0 += seconds } }
    }

    @Test func locksAfterConsecutiveFailuresThenUnlocks() async {
        let clock = ManualClock()
        let throttle = LoginThrottle(policy: .init(maxFailures: 3, lockDuration: 60), now: { clock.now() })
        for _ in 0..<2 { await throttle.recordFailure("a@b.fr") }
        #expect(await throttle.lockedUntil("a@b.fr") == nil)
        await throttle.recordFailure(" A@B.FR ")
        #expect(await throttle.lockedUntil("a@b.fr") == clock.now().addingTimeInterval(60), "the login is normalised")
        #expect(await throttle.lockedUntil("other@b.fr") == nil)
        clock.advance(61)
        #expect(await throttle.lockedUntil("a@b.fr") == nil)
    }

    @Test func successResetsTheCount() async {
        let throttle = LoginThrottle(policy: .init(maxFailures: 2, lockDuration: 60))
        await throttle.recordFailure("a@b.fr")
        await throttle.recordSuccess("a@b.fr")
        await throttle.recordFailure("a@b.fr")
        #expect(await throttle.lockedUntil("a@b.fr") == nil)
    }

    @Test func capacityEvictsUnlockedRecordsButKeepsLocks() async {
        let throttle = LoginThrottle(policy: .init(maxFailures: 1, lockDuration: 60, capacity: 2))
        await throttle.recordFailure("locked@b.fr")
        await throttle.recordFailure("x@b.fr")
        await throttle.recordFailure("y@b.fr")
        #expect(await throttle.lockedUntil("locked@b.fr") != nil)
    }

    @Test func serverLocksALoginAfterFiveFailuresEvenWithTheRightPassword() async throws {
        let server = try await TestServer.start()
        let connection = try await server.connect()
        for _ in 0..<5 {
            await #expect { _ = try await connection.login(email: TestServer.email, password: "mauvais mot de passe") }
                throws: { ($0 as? ClientError)?.code == .invalidCredentials }
        }
        await #expect { _ = try await connection.login(email: TestServer.email, password: TestServer.password) }
            throws: { error in
                guard case let .server(wire) = error as? ClientError else { return false }
                return wire.code == .accountLocked && wire.retryable
            }
        // Unknown logins lock the same way: the lock reveals nothing.
        for _ in 0..<5 { _ = try? await connection.login(email: "ghost@example.fr", password: "x") }
        await #expect { _ = try await connection.login(email: "ghost@example.fr", password: "x") }
            throws: { ($0 as? ClientError)?.code == .accountLocked }
        await connection.close()
        try await server.shutdown()
    }

    /// Attempts made with a verified client certificate count apart, per
    /// certificate: the lock others cause is not theirs, and theirs is not
    /// lifted by anyone else's success.
    @Test func attemptsWithACertificateCountApart() async {
        let clock = ManualClock()
        let throttle = LoginThrottle(policy: .init(maxFailures: 2, lockDuration: 60), now: { clock.now() })
        for _ in 0..<2 { await throttle.recordFailure("admin@b.fr") }
        #expect(await throttle.lockedUntil("admin@b.fr") != nil)
        #expect(await throttle.lockedUntil("admin@b.fr", certificate: "aa") == nil)
        await throttle.recordSuccess("admin@b.fr", certificate: "aa")
        #expect(await throttle.lockedUntil("admin@b.fr") != nil, "a success with a certificate leaves the others' lock")
        #expect(await throttle.recordFailure("admin@b.fr", certificate: "bb") == false)
        #expect(await throttle.recordFailure("admin@b.fr", certificate: "bb") == true, "the certificate's own attempts lock too")
        #expect(await throttle.lockedUntil("admin@b.fr", certificate: "aa") == nil, "per certificate")
        let locks = await throttle.locks(limit: 10)
        #expect(locks.total == 2)
        #expect(Set(locks.latest.map { $0.bucket.certificate ?? "none" }) == ["none", "bb"])
        clock.advance(61)
        #expect(await throttle.locks(limit: 10).total == 0)
    }

    /// Anyone who reaches the port can lock the administrator's login for
    /// password attempts without a certificate; the administrator, over a
    /// verified certificate, still logs in, and sees the lock in status.
    @Test func theAdministratorWithACertificateIsNotLockedOutByOthers() async throws {
        let fixture = try await OrganisationFixture.start(adminClientCA: TestPKI.ca)
        let attacker = try await fixture.server.connect()
        for _ in 0..<5 { _ = try? await attacker.login(email: "admin@demo.facturo.fr", password: "devine devine devine") }
        await #expect { _ = try await attacker.login(email: "admin@demo.facturo.fr", password: OrganisationFixture.password) }
            throws: { ($0 as? ClientError)?.code == .accountLocked }
        let admin = try await FacturoConnection.connect(fixture.server.clientConfiguration(certificate: TestPKI.clientCertificate, key: TestPKI.clientKey))
        _ = try await admin.login(email: "admin@demo.facturo.fr", password: OrganisationFixture.password)
        let status = try await admin.call(AdministrationCatalogue.serverStatus, Facturo_V1_ServerStatusRequest())
        #expect(status.lockedLogins == 1)
        #expect(status.latestLocks.map(\.login) == ["admin@demo.facturo.fr"])
        #expect(status.latestLocks.first?.withCertificate == false)
        #expect((status.latestLocks.first?.untilUnixMs ?? 0) > Int64(Date().timeIntervalSince1970 * 1000))
        for connection in [attacker, admin] { await connection.close() }
        try await fixture.server.shutdown()
    }
}
