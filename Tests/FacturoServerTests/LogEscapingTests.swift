import FacturoClient
@testable import FacturoServer
import FacturoWire
import Logging
import NIOCore
import NIOEmbedded
import NIOSSL
import NIOTLS
import Testing

/// No value a client chooses can forge a log line, and ordinary client
/// behaviour does not fill the log with false alarms.
@Suite struct LogEscapingTests {
    @Test func controlCharactersAndBackslashesBecomeVisibleEscapes() {
        #expect(EscapingLogHandler.escape("a\nb\rc\td") == "a\\nb\\rc\\td")
        #expect(EscapingLogHandler.escape("nul\u{0}bel\u{7}esc\u{1B}del\u{7F}") == "nul\\u{0}bel\\u{7}esc\\u{1B}del\\u{7F}")
        #expect(EscapingLogHandler.escape("déjà vu \\ n") == "déjà vu \\\\ n")
        #expect(EscapingLogHandler.escape("line\u{2028}separator") == "line\\u{2028}separator")
        #expect(EscapingLogHandler.escape("camille@example.fr") == "camille@example.fr")
    }

    @Test func aLoginEmailCannotForgeALogLine() async throws {
        let box = CapturingLogHandler.Box()
        let server = try await TestServer.start(logHandler: EscapingLogHandler(wrapping: CapturingLogHandler(box: box)))
        let connection = try await server.connect()
        let forged = "x@example.fr\n2026-12-01T00:00:00+0000 critical facturo-server: [FacturoServer] forged\u{0}\u{7}"
        await #expect(throws: ClientError.self) { _ = try await connection.login(email: forged, password: "mauvais") }
        let refusal = try #require(box.entries.first { $0.message == "login refused" })
        let email = try #require(refusal.metadata["email"])
        #expect(!email.contains("\n") && !email.contains("\u{0}") && !email.contains("\u{7}"))
        #expect(email.hasPrefix("x@example.fr\\n2026-12-01"), "the value is kept, made visible: \(email)")
        for entry in box.entries {
            #expect(!entry.message.contains("\n"))
            #expect(entry.metadata.values.allSatisfy { !$0.contains("\n") })
        }
        await connection.close()
        try await server.shutdown()
    }

    @Test func aPeerClosingWithoutCloseNotifyIsNoHandshakeFailure() throws {
        let box = CapturingLogHandler.Box()
        let logger = Logger(label: "t") { _ in CapturingLogHandler(box: box) }
        let store = try TestServer.makeStore()
        let runtime = ServerRuntime(serverName: "t", serverVersion: "0", administrationRequiresClientCertificate: false)
        let dispatcher = RequestDispatcher(store: store, authenticator: Authenticator(store: store, hasher: TestServer.hasher), runtime: runtime)
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ConnectionHandler(
            limits: ConnectionLimits(), identity: .init(name: "t", version: "0"), dispatcher: dispatcher,
            registry: runtime.registry, frameLimit: FrameLengthLimit(1024), logger: logger
        ))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        channel.pipeline.fireUserInboundEventTriggered(TLSUserEvent.handshakeCompleted(negotiatedProtocol: nil))
        channel.pipeline.fireErrorCaught(NIOSSLError.uncleanShutdown)
        #expect(!channel.isActive)
        #expect(!box.entries.contains { $0.level >= .notice }, "nothing above debug: \(box.entries.map(\.message))")
        #expect(box.entries.contains { $0.message == "peer closed without TLS close_notify" })
    }
}
