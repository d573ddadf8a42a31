import FacturoClient
import FacturoServer
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
}
