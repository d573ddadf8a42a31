import FacturoClient
@testable import FacturoServer
import FacturoWire
import Testing

/// The payloads of requests being worked on share one bound across all
/// connections: beyond it a request is answered SERVER_BUSY at once, not
/// run and not held, and the connection stays usable.
@Suite struct InFlightBudgetTests {
    @Test(.timeLimit(.minutes(1))) func beyondTheSharedBoundARequestIsRefusedRetryablyAndNotRun() async throws {
        let gate = LoginGate(holding: SessionCatalogue.ping.messageType)
        await gate.closeGate()
        let server = try await TestServer.start(limits: ConnectionLimits(maxFrameLength: 100_000), middleware: [gate], maxInFlightPayloadBytes: 100_000)
        let holder = try await server.connectAndLogin()
        let other = try await server.connectAndLogin()
        let big = [UInt8](repeating: 7, count: 60_000)

        let held = Task { try await holder.ping(big) }
        var entered = gate.entered.makeAsyncIterator()
        await entered.next()
        #expect(server.server.inFlightPayloadBudget.reserved >= 60_000)

        await #expect { _ = try await other.ping(big) } throws: { error in
            guard let error = error as? ClientError, case let .server(body) = error else { return false }
            return body.code == .busy && body.retryable && !body.fatal
        }
        // The refused connection is still served, small requests included.
        #expect(try await other.whoAmI().user.email == TestServer.email)

        await gate.openGate()
        #expect(try await held.value.data.count == big.count)
        #expect(try await other.ping(big).data.count == big.count)
        try await eventually("every reserved byte given back") { server.server.inFlightPayloadBudget.reserved == 0 }
        for connection in [holder, other] { await connection.close() }
        try await server.shutdown()
    }
}
