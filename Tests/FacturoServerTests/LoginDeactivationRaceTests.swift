import FacturoDomain
@testable import FacturoServer
import FacturoStore
import FacturoWire
import NIOCore
import Testing

/// A deactivation that commits after a login has read the account but
/// before its session is registered finds no session to end; the server
/// checks once more after registering, so that session ends too.
@Suite struct LoginDeactivationRaceTests {
    /// Deactivates the logging-in account right after the login handler
    /// has read it, before the answer reaches the connection: exactly the
    /// window an administrator's deactivation could fall into.
    struct DeactivateDuringLogin: RequestMiddleware {
        let store: any Store

        func handle(_ request: InboundRequest, route: AnyRequestDescriptor, next: @Sendable () async throws -> ByteBuffer) async throws -> ByteBuffer {
            let answer = try await next()
            if route.messageType == SessionCatalogue.login.messageType, let user = try await store.user(email: EmailAddress(TestServer.email)) {
                try await store.setUserActive(user.id, false, by: .system)
            }
            return answer
        }
    }

    @Test(.timeLimit(.minutes(1))) func aSessionRegisteredAfterItsAccountWasDeactivatedEnds() async throws {
        let store = try TestServer.makeStore()
        let server = try await TestServer.start(store: store, middleware: [DeactivateDuringLogin(store: store)])
        let client = try await RawTLSClient.connect(port: server.port)
        let frames = try await client.session { session in
            try await session.send(RawTLSClient.bytes(RawTLSClient.handshake(), HardeningTests.login(id: 2)))
            #expect(await session.next()?.kind == .response)
            #expect(await session.next()?.kind == .response, "the login itself succeeded")
            var frames: [Frame] = []
            while let frame = await session.next() { frames.append(frame) }
            return frames
        }
        #expect(frames.map(\.kind) == [.event, .error], "a notice, then the fatal error, then the close")
        #expect(frames.last?.wireError?.code == .accountDisabled && frames.last?.wireError?.fatal == true)
        try await server.shutdown()
    }
}
