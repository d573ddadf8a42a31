@testable import FacturoServer
import FacturoWire
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

/// Short handlers run on their connection's event loop (no thread switch
/// per request); those that may compute for long run on the shared pool so
/// that they never hold the other connections of the loop.
@Suite struct HandlerPlacementTests {
    /// Records, per request type, whether its handler ran on an event loop.
    final class PlacementRecorder: RequestMiddleware {
        let seen = NIOLockedValueBox<[String: Bool]>([:])

        func handle(_ request: InboundRequest, route: AnyRequestDescriptor, next: @Sendable () async throws -> ByteBuffer) async throws -> ByteBuffer {
            let onLoop = MultiThreadedEventLoopGroup.currentEventLoop != nil
            seen.withLockedValue { $0[route.name] = onLoop }
            return try await next()
        }
    }

    @Test func longRoutesAreTheOnlyOnesOffTheLoop() {
        let router = Router.standard()
        let offLoop = router.routes.values.filter { $0.placement == .sharedPool }.map(\.descriptor.name)
        #expect(Set(offLoop) == [
            "DirectoryImport", "AuditList", "UserList", "HabilitationRequestList", "ListSessions", "DraftSend", "InvoiceDeposit", "InvoiceSubmit", "EngagementImport",
            "InvoiceComplete", "HistoryVerifyAll", "InvoiceCheck", "InvoiceExport", "InvoiceDepositStructured",
        ])
    }

    @Test func handlersRunWhereTheirRouteSays() async throws {
        let recorder = PlacementRecorder()
        let server = try await TestServer.start(middleware: [recorder])
        let connection = try await server.connectAndLogin()
        _ = try await connection.ping()
        _ = try await connection.whoAmI()
        _ = try? await connection.call(AuditCatalogue.list, Facturo_V1_AuditListRequest())
        let seen = recorder.seen.withLockedValue { $0 }
        #expect(seen["Ping"] == true)
        #expect(seen["WhoAmI"] == true)
        #expect(seen["AuditList"] == false)
        await connection.close()
        try await server.shutdown()
    }
}
