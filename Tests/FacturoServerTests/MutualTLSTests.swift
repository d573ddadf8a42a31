import FacturoClient
import Testing

@Suite("TLS and mutual TLS")
struct MutualTLSTests {
    private func isTLSFailure(_ error: any Error) -> Bool {
        switch error as? ClientError {
        case .tls?, .connectionClosed?: true
        default: false
        }
    }

    @Test func clientCertificateFromTheRightCAIsAccepted() async throws {
        let server = try await TestServer.start(clientCA: TestPKI.ca)
        let connection = try await FacturoConnection.connect(
            server.clientConfiguration(certificate: TestPKI.clientCertificate, key: TestPKI.clientKey)
        )
        _ = try await connection.login(email: TestServer.email, password: TestServer.password)
        let me = try await connection.whoAmI()
        #expect(me.session.clientCertificateSubject == "CN=facturo-client")
        await connection.close()
        try await server.shutdown()
    }

    @Test func missingClientCertificateIsRefused() async throws {
        let server = try await TestServer.start(clientCA: TestPKI.ca)
        await #expect { _ = try await FacturoConnection.connect(server.clientConfiguration()) } throws: { isTLSFailure($0) }
        let ok = try await FacturoConnection.connect(server.clientConfiguration(certificate: TestPKI.clientCertificate, key: TestPKI.clientKey))
        _ = try await ok.ping()
        await ok.close()
        try await server.shutdown()
    }

    @Test func clientCertificateFromAnotherCAIsRefused() async throws {
        let server = try await TestServer.start(clientCA: TestPKI.ca)
        await #expect {
            _ = try await FacturoConnection.connect(
                server.clientConfiguration(certificate: TestPKI.rogueClientCertificate, key: TestPKI.rogueClientKey)
            )
        } throws: { isTLSFailure($0) }
        let ok = try await FacturoConnection.connect(server.clientConfiguration(certificate: TestPKI.clientCertificate, key: TestPKI.clientKey))
        _ = try await ok.ping()
        await ok.close()
        try await server.shutdown()
    }

    @Test func serverCertificateFromAnUntrustedCAIsRefusedByTheClient() async throws {
        let server = try await TestServer.start()
        var configuration = server.clientConfiguration()
        configuration.caFile = TestPKI.path("rogue-ca.crt")
        await #expect { _ = try await FacturoConnection.connect(configuration) } throws: { isTLSFailure($0) }
        try await server.shutdown()
    }

    @Test func hostnameIsVerified() async throws {
        let server = try await TestServer.start()
        let byName = try await FacturoConnection.connect(server.clientConfiguration(host: "localhost"))
        _ = try await byName.ping()
        await byName.close()
        try await server.shutdown()
    }
}
