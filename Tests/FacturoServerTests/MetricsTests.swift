import FacturoClient
import FacturoServer
import FacturoWire
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
}
