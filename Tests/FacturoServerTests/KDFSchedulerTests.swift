import Dispatch
@testable import FacturoServer
import FacturoWire
import NIOConcurrencyHelpers
import NIOPosix
import Testing

/// The password-check queue: bounded, and suspects after everybody else.
@Suite struct KDFSchedulerTests {
    /// One computation at once on its own thread, held until `release`.
    final class Fixture: Sendable {
        let pool = NIOThreadPool(numberOfThreads: 1)
        let scheduler: KDFScheduler
        let order = NIOLockedValueBox<[String]>([])
        private let held = DispatchSemaphore(value: 0)

        init(queueCapacity: Int = 16, perAddressShare: Int = 8) {
            pool.start()
            scheduler = KDFScheduler(policy: .init(concurrency: 1, queueCapacity: queueCapacity, perAddressShare: perAddressShare), threadPool: pool)
        }

        /// Occupies the one slot until `release()`.
        func occupy() -> Task<Void, any Error> {
            Task { try await scheduler.run { [held, order] in held.wait(); order.withLockedValue { $0.append("first") } } }
        }

        func release() { held.signal() }

        func submit(_ name: String, lane: KDFScheduler.Lane, address: String = "10.0.0.1") async throws -> Task<Void, any Error> {
            let before = scheduler.load.waiting
            let task = Task { try await scheduler.run(lane: lane, address: address) { [order] in order.withLockedValue { $0.append(name) } } }
            try await eventually("\(name) waits") { scheduler.load.waiting == before + 1 }
            return task
        }
    }

    @Test func normalLoginsRunBeforeSuspectOnes() async throws {
        let fixture = Fixture()
        let first = fixture.occupy()
        try await eventually("the slot is taken") { fixture.scheduler.load.running == 1 }
        let a = try await fixture.submit("suspect A", lane: .suspect)
        let b = try await fixture.submit("suspect B", lane: .suspect)
        let c = try await fixture.submit("normal C", lane: .normal)
        fixture.release()
        for task in [first, a, b, c] { try await task.value }
        #expect(fixture.order.withLockedValue { $0 } == ["first", "normal C", "suspect A", "suspect B"])
        #expect(fixture.scheduler.load == (0, 0))
        try await fixture.pool.shutdownGracefully()
    }

    @Test func anAddressBeyondItsShareWaitsWithTheSuspects() async throws {
        let fixture = Fixture(perAddressShare: 1)
        let first = fixture.occupy()
        try await eventually("the slot is taken") { fixture.scheduler.load.running == 1 }
        let crowd1 = try await fixture.submit("crowd 1", lane: .normal, address: "10.0.0.9")
        let crowd2 = try await fixture.submit("crowd 2", lane: .normal, address: "10.0.0.9")
        let other = try await fixture.submit("other", lane: .normal, address: "10.0.0.2")
        fixture.release()
        for task in [first, crowd1, crowd2, other] { try await task.value }
        #expect(fixture.order.withLockedValue { $0 } == ["first", "crowd 1", "other", "crowd 2"])
        try await fixture.pool.shutdownGracefully()
    }

    @Test func aFullQueueRefusesAtOnceWithARetryableBusy() async throws {
        let fixture = Fixture(queueCapacity: 1)
        let first = fixture.occupy()
        try await eventually("the slot is taken") { fixture.scheduler.load.running == 1 }
        let waiting = try await fixture.submit("waiting", lane: .normal)
        await #expect { try await fixture.scheduler.run { () } } throws: { error in
            (error as? WireError)?.code == .busy && (error as? WireError)?.retryable == true
        }
        fixture.release()
        for task in [first, waiting] { try await task.value }
        try await fixture.pool.shutdownGracefully()
    }

    @Test func aNormalLoginTakesTheNewestSuspectsPlaceInAFullQueue() async throws {
        let fixture = Fixture(queueCapacity: 2)
        let first = fixture.occupy()
        try await eventually("the slot is taken") { fixture.scheduler.load.running == 1 }
        let a = try await fixture.submit("suspect A", lane: .suspect)
        let b = try await fixture.submit("suspect B", lane: .suspect)
        let c = Task { try await fixture.scheduler.run(lane: .normal, address: "10.0.0.3") { [order = fixture.order] in order.withLockedValue { $0.append("normal C") } } }
        await #expect { try await b.value } throws: { ($0 as? WireError)?.code == .busy }
        #expect(fixture.scheduler.load.waiting == 2, "C waits in B's place")
        fixture.release()
        for task in [first, a, c] { try await task.value }
        #expect(fixture.order.withLockedValue { $0 } == ["first", "normal C", "suspect A"])
        try await fixture.pool.shutdownGracefully()
    }

    @Test func aLoginDemotedByItsAddressEvictsNobody() async throws {
        let fixture = Fixture(queueCapacity: 2, perAddressShare: 1)
        let first = fixture.occupy()
        try await eventually("the slot is taken") { fixture.scheduler.load.running == 1 }
        let crowd = try await fixture.submit("crowd 1", lane: .normal, address: "10.0.0.9")
        let suspect = try await fixture.submit("suspect", lane: .suspect)
        // Normal in name, but its address is past its share: a suspect, refused.
        await #expect { try await fixture.scheduler.run(lane: .normal, address: "10.0.0.9") { () } } throws: { ($0 as? WireError)?.code == .busy }
        fixture.release()
        for task in [first, crowd, suspect] { try await task.value }
        #expect(fixture.order.withLockedValue { $0 } == ["first", "crowd 1", "suspect"])
        try await fixture.pool.shutdownGracefully()
    }

    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let fixture = Fixture()
        let first = fixture.occupy()
        try await eventually("the slot is taken") { fixture.scheduler.load.running == 1 }
        let cancelled = try await fixture.submit("cancelled", lane: .normal)
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(fixture.scheduler.load.waiting == 0)
        fixture.release()
        try await first.value
        #expect(fixture.order.withLockedValue { $0 } == ["first"])
        #expect(fixture.scheduler.load == (0, 0))
        try await fixture.pool.shutdownGracefully()
    }
}
