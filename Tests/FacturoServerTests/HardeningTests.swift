import FacturoClient
import FacturoDomain
@testable import FacturoServer
import FacturoWire
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

/// What a client sends cannot stop service to others: each case misbehaves
/// on purpose while a well-behaved client, connected at the same time,
/// keeps getting its answers.
@Suite("Hardening: bounded memory and connections, exact protocol behaviour", .timeLimit(.minutes(2)))
struct HardeningTests {
    /// A logged-in client that must keep being served throughout.
    struct Bystander {
        let connection: FacturoConnection

        static func connect(_ server: TestServer) async throws -> Bystander {
            Bystander(connection: try await server.connectAndLogin())
        }

        func stillServed() async throws {
            _ = try await connection.ping([1, 2, 3])
            _ = try await connection.whoAmI()
        }
    }

    static func ping(id: UInt32, bytes: Int = 0) -> Frame {
        RawTLSClient.request(SessionCatalogue.ping.messageType, id: id, Facturo_V1_PingRequest.with { $0.data = Data(repeating: 7, count: bytes) })
    }

    static func login(id: UInt32, email: String = TestServer.email, password: String = TestServer.password) -> Frame {
        RawTLSClient.request(SessionCatalogue.login.messageType, id: id, Facturo_V1_LoginRequest.with {
            $0.email = email
            $0.password = password
        })
    }

    /// The four bytes of a length prefix, alone.
    static func prefix(_ length: UInt32) -> ByteBuffer {
        var bytes = ByteBuffer()
        bytes.writeInteger(length)
        return bytes
    }

    // MARK: Memory before login

    @Test func beforeLoginALargeFrameIsRefusedFromItsPrefix() async throws {
        let server = try await TestServer.start()
        let bystander = try await Bystander.connect(server)
        // 32 anonymous connections each announce a 16 MiB frame: refused at
        // once, nothing of their bodies is buffered.
        try await withThrowingTaskGroup(of: [Frame].self) { group in
            for _ in 0..<32 {
                group.addTask {
                    let client = try await RawTLSClient.connect(port: server.port)
                    var bytes = RawTLSClient.bytes(RawTLSClient.handshake())
                    bytes.writeImmutableBuffer(Self.prefix(UInt32(Frame.defaultMaximumLength)))
                    bytes.writeBytes([UInt8](repeating: 0, count: 1000))
                    return try await client.exchange(bytes).frames
                }
            }
            for try await frames in group {
                #expect(frames.count == 2)
                #expect(frames.last?.wireError?.code == .frameTooLarge && frames.last?.wireError?.fatal == true)
                try await bystander.stillServed()
            }
        }
        #expect(server.server.partialFrameBudget.reserved == 0)
        // Once logged in, the full maximum applies.
        let large = try await bystander.connection.ping([UInt8](repeating: 9, count: 1 << 20))
        #expect(large.data.count == 1 << 20)
        await bystander.connection.close()
        try await server.shutdown()
    }

    @Test func theSwiftClientRefusesATooLongRequestBeforeLoginWithoutSending() async throws {
        let server = try await TestServer.start()
        let connection = try await server.connect()
        await #expect { _ = try await connection.ping([UInt8](repeating: 0, count: 70_000)) } throws: { error in
            guard case let .requestTooLarge(_, maximum) = error as? ClientError else { return false }
            return maximum == ConnectionLimits.defaultMaxFrameLengthBeforeLogin
        }
        _ = try await connection.ping([1])
        #expect(connection.isActive, "nothing was sent, the connection carries on")
        await connection.close()
        try await server.shutdown()
    }

    @Test func partialFramesOfAllConnectionsShareOneBudgetAnonymousOnesAQuarter() async throws {
        // 100 000 bytes in all, of which 25 000 for connections without a session.
        let server = try await TestServer.start(maxPartialFrameBytes: 100_000)
        let bystander = try await Bystander.connect(server)
        let anonymousPing = RawTLSClient.bytes(Self.ping(id: 2, bytes: 30_000))
        let userPing = RawTLSClient.bytes(Self.ping(id: 3, bytes: 70_000))
        let first = try await RawTLSClient.connect(port: server.port)
        let second = try await RawTLSClient.connect(port: server.port)
        let user = try await RawTLSClient.connect(port: server.port)
        try await first.session { firstSession in
            try await firstSession.send(RawTLSClient.bytes(RawTLSClient.handshake()))
            #expect(await firstSession.next()?.kind == .response)
            try await firstSession.send(anonymousPing.getSlice(at: 0, length: 20_000)!)
            try await eventually("the first partial frame is held") { server.server.partialFrameBudget.reserved >= 20_000 }

            // A second anonymous one would pass the anonymous quarter.
            let frames = try await second.session { secondSession in
                try await secondSession.send(RawTLSClient.bytes(RawTLSClient.handshake()))
                #expect(await secondSession.next()?.kind == .response)
                try await secondSession.send(anonymousPing.getSlice(at: 0, length: 20_000)!)
                var frames: [Frame] = []
                while let frame = await secondSession.next() { frames.append(frame) }
                return frames
            }
            #expect(frames.map(\.wireError?.code) == [.busy], "beyond the anonymous share: refused, retryable")
            #expect(frames.first?.wireError?.retryable == true)

            // A logged-in user still has the rest of the budget.
            try await user.session { userSession in
                try await userSession.send(RawTLSClient.bytes(RawTLSClient.handshake(), Self.login(id: 5)))
                #expect(await userSession.next()?.kind == .response)
                #expect(await userSession.next()?.kind == .response, "logged in")
                try await userSession.send(userPing.getSlice(at: 0, length: 60_000)!)
                try await eventually("the user's partial frame is held too") { server.server.partialFrameBudget.reserved >= 80_000 }
                #expect(server.server.partialFrameBudget.reserved <= 100_000)
                try await userSession.send(userPing.getSlice(at: 60_000, length: userPing.readableBytes - 60_000)!)
                #expect(await userSession.next()?.correlationID == 3)
            }
            try await bystander.stillServed()

            // The first connection completes its frame and is answered.
            try await firstSession.send(anonymousPing.getSlice(at: 20_000, length: anonymousPing.readableBytes - 20_000)!)
            #expect(await firstSession.next()?.correlationID == 2)
        }
        try await eventually("every reservation is given back") { server.server.partialFrameBudget.reserved == 0 }
        await bystander.connection.close()
        try await server.shutdown()
    }

    // MARK: Connections

    @Test func beyondTheConnectionLimitARetryableRefusal() async throws {
        let server = try await TestServer.start(maxConnections: 3)
        let bystander = try await Bystander.connect(server)
        let second = try await server.connect()
        let third = try await server.connect()
        await #expect { _ = try await server.connect() } throws: { error in
            guard case let .server(wire) = error as? ClientError else { return false }
            return wire.code == .tooManyConnections && wire.retryable && wire.fatal
        }
        try await bystander.stillServed()
        await third.close()
        // The refusal is retryable: a client retrying gets in once a slot frees.
        var admitted: FacturoConnection?
        try await eventually("a slot frees after a close") {
            admitted = try? await server.connect()
            return admitted != nil
        }
        _ = try await admitted?.ping()
        for connection in [second, admitted].compactMap({ $0 }) { await connection.close() }
        await bystander.connection.close()
        try await server.shutdown()
    }

    @Test func socketsThatNeverFinishTLSAreClosedAtTheDeadline() async throws {
        let server = try await TestServer.start(limits: ConnectionLimits(handshakeTimeout: .seconds(1)))
        let bystander = try await Bystander.connect(server)
        let silent = try await withThrowingTaskGroup(of: (any Channel).self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                        .connect(host: "127.0.0.1", port: server.port).get()
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        try await bystander.stillServed()
        // Each plain TCP socket, which never starts TLS, is closed by the server.
        for channel in silent { try await channel.closeFuture.get() }
        try await bystander.stillServed()
        try await eventually("only the bystander is left") { server.server.connectionCount == 1 }
        await bystander.connection.close()
        try await server.shutdown()
    }

    // MARK: Logins

    @Test func aLoginSucceedsWhileFiftyConnectionsSendWrongPasswords() async throws {
        // A KDF slow enough (about 20 ms) for a queue to form on 2 cores.
        let server = try await TestServer.start(hasher: PasswordHasher(logN: 14, blockSize: 8, parallelism: 1))
        let flooding = ManagedFlag()
        let attemptsAnswered = NIOLockedValueBox(0)
        let attackersRefusedOnce = NIOLockedValueBox(0)
        let flood = Task {
            try await withThrowingTaskGroup(of: Set<ErrorCode>.self) { group in
                for attacker in 0..<50 {
                    group.addTask {
                        let connection = try await server.connect()
                        var codes: Set<ErrorCode> = []
                        var attempt = 0
                        while flooding.isSet {
                            attempt += 1
                            do {
                                _ = try await connection.login(email: "intrus\(attacker)-\(attempt)@example.fr", password: "mauvais mot de passe")
                            } catch let error as ClientError {
                                codes.insert(error.code ?? ErrorCode(rawValue: "transport"))
                            }
                            attemptsAnswered.withLockedValue { $0 += 1 }
                            if attempt == 1 { attackersRefusedOnce.withLockedValue { $0 += 1 } }
                        }
                        await connection.close()
                        return codes
                    }
                }
                return try await group.reduce(into: Set()) { $0.formUnion($1) }
            }
        }
        // The flood is under way once every attacker was refused once (its
        // connection is then a suspect) and the KDF queue has waiters. Before
        // that, their first attempts are as normal as ours, and from the
        // same address.
        try await eventually("the KDF queue fills with suspects") {
            attackersRefusedOnce.withLockedValue { $0 } == 50 && server.server.kdfLoad.waiting > 10
        }
        let connection = try await server.connect()
        let waitingAhead = server.server.kdfLoad.waiting
        let before = attemptsAnswered.withLockedValue { $0 }
        let answer = try await connection.login(email: TestServer.email, password: TestServer.password)
        let overtaken = attemptsAnswered.withLockedValue { $0 } - before
        #expect(answer.user.email == TestServer.email)
        // In a plain FIFO it would wait for the \(waitingAhead) checks queued
        // ahead of it; in the normal lane only for those already running.
        #expect(overtaken < max(6, waitingAhead / 2), "\(overtaken) flood attempts answered while the login waited (\(waitingAhead) were queued)")
        _ = try await connection.whoAmI()
        flooding.clear()
        let codes = try await flood.value
        #expect(codes.isSubset(of: [.invalidCredentials, .busy]), "the flood only ever got refusals: \(codes)")
        await connection.close()
        try await server.shutdown()
    }

    // MARK: Output

    @Test func aClientThatNeverReadsIsClosedNotTheServersMemory() async throws {
        let server = try await TestServer.start(limits: ConnectionLimits(maxUnsentBytes: 128 * 1024, outputStallTimeout: .seconds(1)))
        let bystander = try await Bystander.connect(server)
        let writer = try await RawTLSClient.connectNeverReading(port: server.port)
        try await writer.writeAndFlush(RawTLSClient.bytes(RawTLSClient.handshake())).get()
        // 400 pings of 60 KB: 24 MB of answers it never reads.
        let sending = Task {
            for id in 2..<402 {
                guard writer.isActive else { return }
                try? await writer.writeAndFlush(RawTLSClient.bytes(Self.ping(id: UInt32(id), bytes: 60_000))).get()
            }
        }
        try await eventually("the server closes the connection that does not read") { server.server.connectionCount == 1 }
        try await bystander.stillServed()
        sending.cancel()
        writer.close(promise: nil)
        await bystander.connection.close()
        try await server.shutdown()
    }

    // MARK: The protocol as documented

    @Test func framesBeforeBadBytesInTheSameWriteAreAnsweredFirst() async throws {
        let server = try await TestServer.start()
        let bystander = try await Bystander.connect(server)
        let client = try await RawTLSClient.connect(port: server.port)
        var bytes = RawTLSClient.bytes(RawTLSClient.handshake(), Self.ping(id: 2), Self.ping(id: 3))
        bytes.writeImmutableBuffer(Self.prefix(.max))
        let (frames, closed) = try await client.exchange(bytes)
        #expect(closed)
        #expect(frames.map(\.correlationID) == [1, 2, 3, 0])
        #expect(frames.dropLast().allSatisfy { $0.kind == .response })
        #expect(frames.last?.wireError?.code == .frameTooLarge && frames.last?.wireError?.fatal == true, "the fatal error comes last")
        try await bystander.stillServed()
        await bystander.connection.close()
        try await server.shutdown()
    }

    @Test func anAnswerAboveTheMaximumIsACodedErrorNotAClose() async throws {
        let server = try await TestServer.start(limits: ConnectionLimits(maxFrameLength: 4096, maxFrameLengthBeforeLogin: 4096))
        let bystander = try await Bystander.connect(server)
        let client = try await RawTLSClient.connect(port: server.port)
        // A ping exactly at the limit: its echo carries the server time too.
        let atTheLimit = Self.ping(id: 2, bytes: 4096 - 8 - 3)
        #expect(atTheLimit.lengthFieldValue == 4096)
        let (frames, closed) = try await client.exchange(RawTLSClient.bytes(RawTLSClient.handshake(), atTheLimit, Self.ping(id: 3)), expecting: 3)
        #expect(!closed)
        let byID = Dictionary(uniqueKeysWithValues: frames.map { ($0.correlationID, $0) })
        #expect(byID[2]?.wireError?.code == .responseTooLarge)
        #expect(byID[2]?.wireError?.fatal == false)
        #expect(byID[3]?.kind == .response, "the connection carries on")
        try await bystander.stillServed()
        await bystander.connection.close()
        try await server.shutdown()
    }

    @Test func correlationIDsThatCannotBeAnsweredAreFatalConnectionLevelErrors() async throws {
        let server = try await TestServer.start()
        let zeroHandshake = try await RawTLSClient.connect(port: server.port)
        let (first, firstClosed) = try await zeroHandshake.exchange(RawTLSClient.bytes(RawTLSClient.handshake(id: 0)))
        #expect(firstClosed)
        #expect(first.map(\.wireError?.code) == [.invalidCorrelationID])

        let gated = LoginGate(holding: SessionCatalogue.ping.messageType)
        let held = try await TestServer.start(middleware: [gated])
        await gated.closeGate()
        let duplicate = try await RawTLSClient.connect(port: held.port)
        let frames = try await duplicate.session { session in
            try await session.send(RawTLSClient.bytes(RawTLSClient.handshake()))
            #expect(await session.next()?.kind == .response)
            var entered = gated.entered.makeAsyncIterator()
            // One write, one TLS record: the server reads the duplicate in
            // the same batch as the original, while the original is held.
            try await session.send(RawTLSClient.bytes(Self.ping(id: 5), Self.ping(id: 5)))
            await entered.next()
            await gated.openGate()
            var frames: [Frame] = []
            while let frame = await session.next() { frames.append(frame) }
            return frames
        }
        #expect(frames.map(\.correlationID) == [5, 0], "the original's answer, then the error under id 0")
        #expect(frames.first?.kind == .response)
        #expect(frames.last?.wireError?.code == .invalidCorrelationID && frames.last?.wireError?.fatal == true)
        try await held.shutdown()
        try await server.shutdown()
    }

    @Test func cancelIsReadAndAnsweredAtTheInFlightBound() async throws {
        let gated = LoginGate(holding: SessionCatalogue.ping.messageType)
        let server = try await TestServer.start(limits: ConnectionLimits(maxInFlight: 2), middleware: [gated])
        let bystander = try await Bystander.connect(server)
        await gated.closeGate()
        let client = try await RawTLSClient.connect(port: server.port)
        let frames = try await client.session { session in
            try await session.send(RawTLSClient.bytes(RawTLSClient.handshake()))
            #expect(await session.next()?.kind == .response)
            var entered = gated.entered.makeAsyncIterator()
            try await session.send(RawTLSClient.bytes(Self.ping(id: 2), Self.ping(id: 3)))
            await entered.next()
            await entered.next()
            // At the bound: a third request is refused, a cancel is answered.
            let cancel = RawTLSClient.request(SessionCatalogue.cancel.messageType, id: 5, Facturo_V1_CancelRequest.with { $0.correlationID = 2 })
            try await session.send(RawTLSClient.bytes(Self.ping(id: 4), cancel))
            var frames: [Frame] = []
            for _ in 0..<3 { if let frame = await session.next() { frames.append(frame) } }
            await gated.openGate()
            if let last = await session.next() { frames.append(last) }
            return frames
        }
        let byID = Dictionary(uniqueKeysWithValues: frames.map { ($0.correlationID, $0) })
        #expect(byID[4]?.wireError?.code == .tooManyInFlight)
        #expect(try byID[5]?.decode(Facturo_V1_CancelResponse.self).found == true)
        #expect(byID[2]?.wireError?.code == .cancelled, "the cancelled ping gets its own final answer")
        #expect(byID[3]?.kind == .response)
        try await bystander.stillServed()
        await bystander.connection.close()
        try await server.shutdown()
    }

    @Test func deactivationEndsLiveSessionsAtOnceNoticeFirstThenTheFatalCode() async throws {
        let fixture = try await OrganisationFixture.start()
        let server = fixture.server
        let bystander = try await fixture.connect(as: .manager)
        let admin = try await fixture.connect(as: .administrator)
        let email = try #require(OrganisationFixture.Role.consultation.email)
        let client = try await RawTLSClient.connect(port: server.port)
        let frames = try await client.session { session in
            try await session.send(RawTLSClient.bytes(RawTLSClient.handshake(), Self.login(id: 2, email: email, password: OrganisationFixture.password)))
            #expect(await session.next()?.kind == .response)
            #expect(await session.next()?.kind == .response, "logged in")
            _ = try await admin.call(UserCatalogue.setActive, .with {
                $0.email = email
                $0.active = false
            })
            var frames: [Frame] = []
            while let frame = await session.next() { frames.append(frame) }
            return frames
        }
        #expect(frames.map(\.kind) == [.event, .error], "a notice, then the fatal error, then the close")
        #expect(frames.last?.wireError?.code == .accountDisabled && frames.last?.wireError?.fatal == true)
        try await eventually("the session is no longer listed") {
            let sessions = try await admin.call(AdministrationCatalogue.listSessions, Facturo_V1_ListSessionsRequest())
            return !sessions.sessions.contains { $0.email == email }
        }
        // Re-activation revives nothing; a new login works.
        _ = try await admin.call(UserCatalogue.setActive, .with {
            $0.email = email
            $0.active = true
        })
        let again = try await fixture.connect(as: .consultation)
        _ = try await again.whoAmI()
        _ = try await bystander.whoAmI()
        for connection in [bystander, admin, again] { await connection.close() }
        try await server.shutdown()
    }
}

/// A flag the flood's tasks read and the test clears.
final class ManagedFlag: Sendable {
    private let value = NIOLockedValueBox(true)
    var isSet: Bool { value.withLockedValue { $0 } }
    func clear() { value.withLockedValue { $0 = false } }
}
