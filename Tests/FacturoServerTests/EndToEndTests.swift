import FacturoClient
import FacturoServer
import FacturoWire
import Foundation
import NIOCore
import Testing

@Suite("End to end over real TLS on port 0")
struct EndToEndTests {
    @Test func handshakeLoginWhoAmIPingLogout() async throws {
        let server = try await TestServer.start()
        let connection = try await server.connect()
        #expect(connection.handshake.version == 1)
        #expect(connection.handshake.limits.maxInFlight == 32)

        let login = try await connection.login(email: "  CAMILLE@example.fr", password: TestServer.password)
        #expect(login.user.email == TestServer.email)
        #expect(login.user.kind == "Entreprise")

        let me = try await connection.whoAmI()
        #expect(me.user.displayName == "Camille Martin")
        #expect(me.session.id == login.session.id)
        #expect(me.session.id.count == 32)

        let pong = try await connection.ping([1, 2, 3])
        #expect(pong.data == Data([1, 2, 3]))

        try await connection.logout()
        await #expect { try await connection.whoAmI() } throws: { ($0 as? ClientError)?.code == .authenticationRequired }
        await connection.close()
        try await server.shutdown()
    }

    @Test func wrongPasswordAndUnknownUserGetTheSameAnswer() async throws {
        let server = try await TestServer.start()
        let connection = try await server.connect()
        func failure(_ email: String, _ password: String) async -> WireError? {
            do {
                _ = try await connection.login(email: email, password: password)
                return nil
            } catch let ClientError.server(error) {
                return error
            } catch {
                return nil
            }
        }
        let wrongPassword = try #require(await failure(TestServer.email, "pas le bon mot de passe"))
        let unknownUser = try #require(await failure("personne@example.fr", TestServer.password))
        let malformed = try #require(await failure("not-an-email", TestServer.password))
        #expect(wrongPassword.code == .invalidCredentials)
        #expect(wrongPassword == unknownUser)
        #expect(wrongPassword == malformed)
        #expect(!wrongPassword.fatal)
        // The connection stays usable and the right password still works.
        _ = try await connection.login(email: TestServer.email, password: TestServer.password)
        await connection.close()
        try await server.shutdown()
    }

    @Test func requestBeforeLoginIsRefused() async throws {
        let server = try await TestServer.start()
        let connection = try await server.connect()
        _ = try await connection.ping()
        await #expect { try await connection.whoAmI() } throws: { ($0 as? ClientError)?.code == .authenticationRequired }
        #expect(connection.isActive)
        await connection.close()
        try await server.shutdown()
    }

    @Test func pipelinedRequestsAreMatchedByCorrelationID() async throws {
        let server = try await TestServer.start()
        let connection = try await server.connectAndLogin()
        try await withThrowingTaskGroup(of: (UInt8, Data).self) { group in
            for index in 0..<100 {
                group.addTask { (UInt8(index), try await connection.ping([UInt8(index)]).data) }
            }
            var seen = 0
            for try await (index, echoed) in group {
                #expect(echoed == Data([index]))
                seen += 1
            }
            #expect(seen == 100)
        }
        await connection.close()
        try await server.shutdown()
    }

    @Test func pipelinedRawFramesAreAnsweredOncePerCorrelationID() async throws {
        let server = try await TestServer.start()
        let client = try await RawTLSClient.connect(port: server.port)
        let pings = (10...14).map { id in
            Frame(kind: .request, messageType: SessionCatalogue.ping.messageType, correlationID: UInt32(id), message: Facturo_V1_PingRequest.with { $0.data = Data([UInt8(id)]) })
        }
        var bytes = RawTLSClient.bytes(RawTLSClient.handshake())
        for ping in pings { try FrameEncoder.write(ping, to: &bytes) }
        let (frames, _) = try await client.exchange(bytes, expecting: 6)
        #expect(frames.count == 6)
        #expect(frames[0].messageType == .handshake && frames[0].kind == .response)
        let answers = frames.dropFirst()
        #expect(Set(answers.map(\.correlationID)) == Set(10...14))
        for answer in answers {
            #expect(answer.kind == .response)
            #expect(try answer.decode(Facturo_V1_PingResponse.self).data == Data([UInt8(answer.correlationID)]))
        }
        try await server.shutdown()
    }

    @Test func unsupportedVersionIsRefusedWithTheServerRange() async throws {
        let server = try await TestServer.start()
        await #expect {
            _ = try await FacturoConnection.connect(server.clientConfiguration(), versions: 7...9)
        } throws: { error in
            guard case let .server(wire) = error as? ClientError else { return false }
            return wire.code == .versionUnsupported && wire.fatal && wire.supportedVersions == ProtocolVersion.supported
        }
        try await server.shutdown()
    }

    @Test func idleConnectionIsClosedWithACode() async throws {
        // Long enough that a loaded machine (the whole suite runs in
        // parallel) still sends its handshake in time: the timer starts at
        // the TCP connection, before the TLS handshake.
        let server = try await TestServer.start(limits: ConnectionLimits(idleTimeout: .seconds(2)))
        let client = try await RawTLSClient.connect(port: server.port)
        // Handshake, then say nothing: the server speaks last, then closes.
        let (frames, closed) = try await client.exchange(RawTLSClient.bytes(RawTLSClient.handshake()))
        #expect(closed)
        #expect(frames.count == 2)
        #expect(frames.last?.wireError?.code == .idleTimeout)
        try await server.shutdown()
    }

    @Test func gracefulShutdownAnswersTheRequestInFlight() async throws {
        let gated = LoginGate()
        let server = try await TestServer.start(middleware: [gated])
        let connection = try await server.connect()
        var events = connection.events.makeAsyncIterator()

        await gated.closeGate()
        let login = Task { try await connection.login(email: TestServer.email, password: TestServer.password) }
        var entered = gated.entered.makeAsyncIterator()
        await entered.next() // the login is now in flight on the server

        server.server.beginShutdown()
        // The client is told, and new connections are no longer accepted.
        let notice = try #require(await events.next())
        #expect(notice.type == .noticeEvent)
        await #expect(throws: ClientError.self) { _ = try await server.connect() }

        await gated.openGate()
        let answer = try await login.value
        #expect(answer.user.email == TestServer.email, "the request in flight got its real answer")
        try await server.waitUntilStopped()
        #expect(!connection.isActive)
    }

    @Test func cancellingACallStopsTheRequestOnTheServer() async throws {
        let gated = LoginGate()
        let server = try await TestServer.start(middleware: [gated])
        let connection = try await server.connect()
        await gated.closeGate()
        let login = Task { try await connection.login(email: TestServer.email, password: TestServer.password) }
        var entered = gated.entered.makeAsyncIterator()
        await entered.next() // held at the gate, in flight on the server

        login.cancel()
        await #expect { _ = try await login.value } throws: { error in
            guard case let .server(wire) = error as? ClientError else { return false }
            return wire.code == .cancelled && wire.retryable && !wire.fatal
        }
        // The connection carries on, and the cancelled login opened nothing.
        await gated.openGate()
        _ = try await connection.ping()
        await #expect { try await connection.whoAmI() } throws: { ($0 as? ClientError)?.code == .authenticationRequired }
        await connection.close()
        try await server.shutdown()
    }
}
