import FacturoClient
import FacturoServer
import FacturoWire
import Logging
import NIOCore
import NIOPosix
import Testing

/// `ServerMetrics` and the queue figures of `ServerStatus`: what an
/// operator scrapes, for administrators only.
@Suite struct MetricsTests {
    @Test func requestsAreCountedByTypeAndOutcome() async throws {
        let fixture = try await OrganisationFixture.start()
        let anonymous = try await fixture.server.connect()
        _ = try await anonymous.ping()
        _ = try await anonymous.ping()
        await #expect(throws: ClientError.self) { _ = try await anonymous.whoAmI() }
        let admin = try await fixture.connect(as: .administrator)
        let text = try await admin.call(AdministrationCatalogue.metrics, Facturo_V1_ServerMetricsRequest()).text
        let lines = text.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("facturo_requests_total{") && $0.contains(#"type="Ping""#) && $0.contains(#"outcome="ok""#) && $0.hasSuffix(" 2") })
        #expect(lines.contains { $0.hasPrefix("facturo_requests_total{") && $0.contains(#"type="Login""#) && $0.contains(#"outcome="ok""#) })
        #expect(lines.contains { $0.hasPrefix("facturo_request_duration_seconds_bucket{") && $0.contains(#"type="Ping""#) })
        #expect(lines.contains { $0.hasPrefix("facturo_connections_accepted_total") })
        // The logins read the database: SQLite's statements were timed.
        let statements = lines.first { $0.hasPrefix("facturo_database_statement_duration_seconds_count") }
        #expect((statements?.split(separator: " ").last.flatMap { Double($0) } ?? 0) > 0, "\(String(describing: statements))")
        #expect(lines.contains { $0 == "facturo_connections 2" || $0 == "facturo_connections 2.0" }, "gauges sampled at the scrape: \(lines.filter { $0.hasPrefix("facturo_connections") })")
        // AUTH_REQUIRED is answered by the connection, before any route: not a request of a type.
        let status = try await admin.call(AdministrationCatalogue.serverStatus, Facturo_V1_ServerStatusRequest())
        #expect(status.kdfWaiting == 0 && status.partialFrameBytes == 0)
        await anonymous.close()
        await admin.close()
        try await fixture.server.shutdown()
    }

    @Test func onlyAdministratorsReadTheMetrics() async throws {
        let fixture = try await OrganisationFixture.start()
        let manager = try await fixture.connect(as: .manager)
        await #expect { _ = try await manager.call(AdministrationCatalogue.metrics, Facturo_V1_ServerMetricsRequest()) } throws: {
            ($0 as? ClientError)?.code == ErrorCode(rawValue: "FORBIDDEN")
        }
        await manager.close()
        try await fixture.server.shutdown()
    }

    @Test func theLoopbackEndpointServesTheSameText() async throws {
        let server = try await TestServer.start()
        let connection = try await server.connectAndLogin()
        _ = try await connection.ping()
        let endpoint = MetricsEndpoint(host: "127.0.0.1", port: 0, server: server.server, logger: Logger(label: "metrics-test"))
        let running = Task { try await endpoint.run() }
        let port = try #require(try await endpoint.listeningAddress().port)
        let metrics = try await Self.get("/metrics", port: port)
        #expect(metrics.hasPrefix("HTTP/1.1 200 OK"))
        #expect(metrics.contains("text/plain; version=0.0.4"))
        #expect(metrics.split(separator: "\n").contains { $0.hasPrefix("facturo_requests_total{") && $0.contains(#"type="Ping""#) })
        #expect(try await Self.get("/", port: port).hasPrefix("HTTP/1.1 404"))
        #expect(!MetricsEndpoint.isLoopback("0.0.0.0") && !MetricsEndpoint.isLoopback("192.0.2.1") && MetricsEndpoint.isLoopback("127.0.0.1"))
        endpoint.stop()
        try await running.value
        await connection.close()
        try await server.shutdown()
    }

    /// One plain HTTP/1.1 request; the whole answer as text.
    static func get(_ path: String, port: Int) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: "GET \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n"))
            var answer = ""
            for try await chunk in inbound { answer += String(buffer: chunk) }
            return answer
        }
    }
}
