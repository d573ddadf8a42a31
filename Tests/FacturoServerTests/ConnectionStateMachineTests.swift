import FacturoDomain
@testable import FacturoServer
import FacturoWire
import Foundation
import NIOCore
import Testing

@Suite("Connection state machine: protocol rules without sockets")
struct ConnectionStateMachineTests {
    static let identity = ConnectionStateMachine.ServerIdentity(name: "test", version: "0")

    static func machine(maxInFlight: Int = 4) -> ConnectionStateMachine {
        ConnectionStateMachine(limits: ConnectionLimits(maxInFlight: maxInFlight), identity: identity, supportedVersions: 1...2)
    }

    static func request(_ type: MessageType, id: UInt32, _ payload: ByteBuffer = ByteBuffer()) -> Frame {
        Frame(kind: .request, messageType: type, correlationID: id, payload: payload)
    }

    static func handshake(id: UInt32 = 1, min: UInt32 = 1, max: UInt32 = 1) -> Frame {
        Frame(kind: .request, messageType: SessionCatalogue.handshake.messageType, correlationID: id, message: Facturo_V1_HandshakeRequest.with {
            $0.minVersion = min
            $0.maxVersion = max
        })
    }

    static let session = Session(
        id: "s1",
        user: User(id: UserID(rawValue: 1), email: try! EmailAddress("a@b.fr"), displayName: "A", kind: .entreprise, isPlatformAdministrator: false),
        openedAt: Date(timeIntervalSince1970: 0), peer: "p", clientCertificateSubject: nil
    )

    /// The error carried by a single send/sendAndClose action.
    static func error(in actions: [ConnectionStateMachine.Action]) -> (WireError, closes: Bool, id: UInt32)? {
        guard actions.count == 1 else { return nil }
        switch actions[0] {
        case let .send(frame) where frame.kind == .error:
            return (WireError(body: try! frame.decode(Facturo_V1_ErrorBody.self)), false, frame.correlationID)
        case let .sendAndClose(frame) where frame.kind == .error:
            return (WireError(body: try! frame.decode(Facturo_V1_ErrorBody.self)), true, frame.correlationID)
        default:
            return nil
        }
    }

    static func open(maxInFlight: Int = 4, loggedIn: Bool = true) -> ConnectionStateMachine {
        var machine = machine(maxInFlight: maxInFlight)
        _ = machine.frameReceived(handshake())
        if loggedIn {
            _ = machine.frameReceived(request(.login, id: 99))
            _ = machine.requestCompleted(correlationID: 99, messageType: SessionCatalogue.login.messageType, outcome: .sessionOpened(session, ByteBuffer()))
        }
        return machine
    }

    @Test func handshakePicksAVersionAndAnnouncesLimits() throws {
        var machine = Self.machine()
        let actions = machine.frameReceived(Self.handshake(id: 5, min: 1, max: 7))
        guard case let .send(frame) = actions.first, actions.count == 1 else {
            Issue.record("expected one send, got \(actions)")
            return
        }
        #expect(frame.kind == .response)
        #expect(frame.correlationID == 5)
        let response = try frame.decode(Facturo_V1_HandshakeResponse.self)
        #expect(response.version == 2)
        #expect(response.limits.maxInFlight == 4)
        #expect(response.limits.maxFrameLength == UInt32(Frame.defaultMaximumLength))
        #expect(response.limits.maxFrameLengthBeforeLogin == UInt32(ConnectionLimits.defaultMaxFrameLengthBeforeLogin))
        #expect(response.limits.handshakeTimeoutSeconds == 10)
    }

    @Test func handshakeWithCorrelationIDZeroIsFatal() throws {
        var machine = Self.machine()
        let error = try #require(Self.error(in: machine.frameReceived(Self.handshake(id: 0))))
        #expect(error.0.code == .invalidCorrelationID && error.closes && error.id == 0)
    }

    @Test func loginRaisesTheFrameLimitAndLogoutLowersIt() {
        var machine = Self.open(loggedIn: false)
        _ = machine.frameReceived(Self.request(.login, id: 2))
        let opened = machine.requestCompleted(correlationID: 2, messageType: SessionCatalogue.login.messageType, outcome: .sessionOpened(Self.session, ByteBuffer()))
        #expect(opened.last == .setFrameLimit(Frame.defaultMaximumLength))
        _ = machine.frameReceived(Self.request(.logout, id: 3))
        let closed = machine.requestCompleted(correlationID: 3, messageType: SessionCatalogue.logout.messageType, outcome: .sessionClosed(ByteBuffer()))
        #expect(closed.last == .setFrameLimit(ConnectionLimits.defaultMaxFrameLengthBeforeLogin))
    }

    @Test func oneLoginAtATimePerConnection() throws {
        var machine = Self.open(loggedIn: false)
        #expect(machine.frameReceived(Self.request(.login, id: 2)).count == 1)
        let second = try #require(Self.error(in: machine.frameReceived(Self.request(.certificateLogin, id: 3))))
        #expect(second.0.code == .loginInProgress && second.0.retryable && !second.closes && second.id == 3)
        _ = machine.requestCompleted(correlationID: 2, messageType: SessionCatalogue.login.messageType, outcome: .failure(WireError(.invalidCredentials, "non")))
        #expect(machine.failedLogins == 1, "a refused login marks the connection")
        #expect(machine.frameReceived(Self.request(.login, id: 4)) == [.dispatch(Self.request(.login, id: 4), session: nil)])
    }

    @Test func anAnswerAboveTheFrameMaximumBecomesACodedError() throws {
        var machine = ConnectionStateMachine(limits: ConnectionLimits(maxFrameLength: 100), identity: Self.identity, supportedVersions: 1...1)
        _ = machine.frameReceived(Self.handshake())
        _ = machine.frameReceived(Self.request(.ping, id: 2))
        _ = machine.frameReceived(Self.request(.ping, id: 3))
        let fits = machine.requestCompleted(correlationID: 2, messageType: SessionCatalogue.ping.messageType, outcome: .response(ByteBuffer(repeating: 1, count: 92)))
        #expect(fits == [.send(Frame(kind: .response, messageType: SessionCatalogue.ping.messageType, correlationID: 2, payload: ByteBuffer(repeating: 1, count: 92)))], "the maximum is inclusive")
        let error = try #require(Self.error(in: machine.requestCompleted(correlationID: 3, messageType: SessionCatalogue.ping.messageType, outcome: .response(ByteBuffer(repeating: 1, count: 93)))))
        #expect(error.0.code == .responseTooLarge && !error.closes && error.id == 3)
    }

    @Test func aFatalAnswerClosesTheConnection() throws {
        var machine = Self.open()
        _ = machine.frameReceived(Self.request(.whoAmI, id: 5))
        _ = machine.frameReceived(Self.request(.ping, id: 6))
        let error = try #require(Self.error(in: machine.requestCompleted(correlationID: 5, messageType: SessionCatalogue.whoAmI.messageType, outcome: .failure(WireError(.accountDisabled, "désactivé", fatal: true)))))
        #expect(error.0.code == .accountDisabled && error.closes)
        #expect(error.id == 0, "connection-level: it concerns the connection, not request 5")
        #expect(machine.requestCompleted(correlationID: 6, messageType: SessionCatalogue.ping.messageType, outcome: .response(ByteBuffer())).isEmpty, "nothing follows a fatal error")
        #expect(machine.eventRequested(ConnectionStateMachine.notice("x", now: Date()), for: .everySession).isEmpty)
    }

    @Test func framesBeforeBadBytesAreAnsweredBeforeTheFatalError() throws {
        var machine = Self.open()
        _ = machine.frameReceived(Self.request(.ping, id: 7))
        _ = machine.frameReceived(Self.request(.ping, id: 8))
        #expect(machine.decodingFailed(.frameTooLarge(length: 1 << 30, maximum: 1 << 24)) == [.stopReading])
        #expect(machine.frameReceived(Self.request(.ping, id: 9)).isEmpty, "nothing more is run")
        let first = machine.requestCompleted(correlationID: 8, messageType: SessionCatalogue.ping.messageType, outcome: .response(ByteBuffer()))
        #expect(first == [.send(Frame(kind: .response, messageType: SessionCatalogue.ping.messageType, correlationID: 8, payload: ByteBuffer()))])
        let last = machine.requestCompleted(correlationID: 7, messageType: SessionCatalogue.ping.messageType, outcome: .response(ByteBuffer()))
        #expect(last.count == 2)
        guard case let .sendAndClose(fatal) = last.last else { Issue.record("no fatal error last: \(last)"); return }
        #expect(fatal.wireError?.code == .frameTooLarge && fatal.correlationID == 0 && fatal.messageType == MessageType.none)
    }

    @Test func theLoginDeadlineWaitsForTheLoginInFlightOnce() throws {
        var machine = Self.open(loggedIn: false)
        _ = machine.frameReceived(Self.request(.login, id: 2))
        #expect(machine.loginTimeoutFired() == nil, "a login in flight is waited for")
        let actions = machine.requestCompleted(correlationID: 2, messageType: SessionCatalogue.login.messageType, outcome: .failure(WireError(.invalidCredentials, "non")))
        guard actions.count == 2, case let .send(answer) = actions[0], case let .sendAndClose(fatal) = actions[1] else {
            Issue.record("unexpected actions \(actions)")
            return
        }
        #expect(answer.wireError?.code == .invalidCredentials && answer.correlationID == 2)
        #expect(fatal.wireError?.code == .loginTimeout && fatal.correlationID == 0, "no second chance after the deadline")
    }

    @Test func aLoginThatSucceedsAfterTheDeadlineOpensItsSession() {
        var machine = Self.open(loggedIn: false)
        _ = machine.frameReceived(Self.request(.login, id: 2))
        #expect(machine.loginTimeoutFired() == nil)
        _ = machine.requestCompleted(correlationID: 2, messageType: SessionCatalogue.login.messageType, outcome: .sessionOpened(Self.session, ByteBuffer()))
        #expect(machine.session == Self.session)
    }

    @Test func theClosingGracePeriodEndsWithTheFatalError() throws {
        var machine = Self.open()
        _ = machine.frameReceived(Self.request(.ping, id: 7))
        #expect(machine.decodingFailed(.unknownFrameKind(9)) == [.stopReading])
        let error = try #require(Self.error(in: machine.closingDeadlineFired()))
        #expect(error.0.code == .unknownFrameKind && error.closes && error.id == 0)
        #expect(machine.requestCompleted(correlationID: 7, messageType: SessionCatalogue.ping.messageType, outcome: .response(ByteBuffer())).isEmpty)
    }

    @Test func overCapacityConnectionIsToldAndClosed() throws {
        var machine = Self.machine()
        let error = try #require(Self.error(in: machine.refuseOverCapacity(maxConnections: 3)))
        #expect(error.0.code == .tooManyConnections && error.0.retryable && error.closes && error.id == 0)
        #expect(machine.frameReceived(Self.handshake()).isEmpty)
    }

    @Test func handshakeDeadlineClosesOnlyBeforeTheHandshake() throws {
        var machine = Self.machine()
        let error = try #require(Self.error(in: machine.handshakeTimeoutFired()))
        #expect(error.0.code == .handshakeTimeout && error.closes)
        var open = Self.open(loggedIn: false)
        #expect(open.handshakeTimeoutFired().isEmpty)
    }

    @Test func unsupportedVersionIsFatalAndNamesTheServerRange() throws {
        var machine = Self.machine()
        let error = try #require(Self.error(in: machine.frameReceived(Self.handshake(min: 5, max: 9))))
        #expect(error.0.code == .versionUnsupported)
        #expect(error.0.supportedVersions == 1...2)
        #expect(error.closes && error.0.fatal)
    }

    @Test func requestBeforeHandshakeIsFatal() throws {
        var machine = Self.machine()
        let error = try #require(Self.error(in: machine.frameReceived(Self.request(.ping, id: 1))))
        #expect(error.0.code == .handshakeRequired)
        #expect(error.closes)
        #expect(machine.frameReceived(Self.handshake()).isEmpty, "a closed connection ignores further frames")
    }

    @Test func secondHandshakeIsFatal() throws {
        var machine = Self.open(loggedIn: false)
        let error = try #require(Self.error(in: machine.frameReceived(Self.handshake(id: 2))))
        #expect(error.0.code == .handshakeRepeated)
        #expect(error.closes)
    }

    @Test func undecodableHandshakeIsFatal() throws {
        var machine = Self.machine()
        let error = try #require(Self.error(in: machine.frameReceived(Self.request(.handshake, id: 1, ByteBuffer(bytes: [0xFF, 0xFF])))))
        #expect(error.0.code == .undecodablePayload)
        #expect(error.closes)
    }

    @Test("before login only ping and login run", arguments: [SessionCatalogue.whoAmI.messageType, .logout, .myHabilitations, .directorySearch])
    func authenticationRequired(type: MessageType) throws {
        var machine = Self.open(loggedIn: false)
        let error = try #require(Self.error(in: machine.frameReceived(Self.request(type, id: 3))))
        #expect(error.0.code == .authenticationRequired)
        #expect(!error.closes)
        #expect(error.id == 3)
        #expect(machine.frameReceived(Self.request(.ping, id: 4)) == [.dispatch(Self.request(.ping, id: 4), session: nil)])
        #expect(machine.frameReceived(Self.request(.login, id: 5)) == [.dispatch(Self.request(.login, id: 5), session: nil)])
        _ = machine.requestCompleted(correlationID: 5, messageType: SessionCatalogue.login.messageType, outcome: .failure(WireError(.invalidCredentials, "non")))
        #expect(machine.frameReceived(Self.request(.certificateLogin, id: 6)) == [.dispatch(Self.request(.certificateLogin, id: 6), session: nil)])
    }

    @Test func unknownMessageTypeIsRefusedButNotFatal() throws {
        var machine = Self.open()
        let error = try #require(Self.error(in: machine.frameReceived(Self.request(MessageType(rawValue: 4242), id: 8))))
        #expect(error.0.code == .unknownMessageType)
        #expect(!error.closes)
        #expect(error.id == 8)
    }

    @Test func clientMayOnlySendRequests() throws {
        var machine = Self.open()
        let frame = Frame(kind: .response, messageType: SessionCatalogue.ping.messageType, correlationID: 1, payload: ByteBuffer())
        let error = try #require(Self.error(in: machine.frameReceived(frame)))
        #expect(error.0.code == .unexpectedFrameKind)
        #expect(error.closes)
    }

    @Test func loginOpensASessionUsedByLaterRequests() {
        let machine = Self.open()
        #expect(machine.session == Self.session)
        var copy = machine
        #expect(copy.frameReceived(Self.request(.whoAmI, id: 10)) == [.dispatch(Self.request(.whoAmI, id: 10), session: Self.session)])
    }

    @Test func logoutClosesTheSession() {
        var machine = Self.open()
        _ = machine.frameReceived(Self.request(.logout, id: 11))
        _ = machine.requestCompleted(correlationID: 11, messageType: SessionCatalogue.logout.messageType, outcome: .sessionClosed(ByteBuffer()))
        #expect(machine.session == nil)
    }

    @Test func eachRequestGetsExactlyOneAnswerWithItsCorrelationID() {
        var machine = Self.open()
        for id: UInt32 in [20, 21, 22] { _ = machine.frameReceived(Self.request(.ping, id: id)) }
        // Completion order differs from arrival order: pipelining.
        for id: UInt32 in [22, 20, 21] {
            let actions = machine.requestCompleted(correlationID: id, messageType: SessionCatalogue.ping.messageType, outcome: .response(ByteBuffer()))
            #expect(actions == [.send(Frame(kind: .response, messageType: SessionCatalogue.ping.messageType, correlationID: id, payload: ByteBuffer()))])
        }
        #expect(machine.requestCompleted(correlationID: 20, messageType: SessionCatalogue.ping.messageType, outcome: .response(ByteBuffer())).isEmpty, "a second answer is never sent")
    }

    @Test func duplicateCorrelationIDInFlightIsAFatalConnectionLevelError() throws {
        var machine = Self.open()
        _ = machine.frameReceived(Self.request(.ping, id: 30))
        #expect(machine.frameReceived(Self.request(.ping, id: 30)) == [.stopReading], "the original is answered first")
        let actions = machine.requestCompleted(correlationID: 30, messageType: SessionCatalogue.ping.messageType, outcome: .response(ByteBuffer()))
        guard actions.count == 2, case let .send(answer) = actions[0], case let .sendAndClose(error) = actions[1] else {
            Issue.record("unexpected actions \(actions)")
            return
        }
        #expect(answer.kind == .response && answer.correlationID == 30)
        #expect(error.wireError?.code == .invalidCorrelationID && error.correlationID == 0, "never under the id of the original request")
    }

    @Test func correlationIDZeroIsAFatalConnectionLevelError() throws {
        var machine = Self.open()
        let error = try #require(Self.error(in: machine.frameReceived(Self.request(.ping, id: 0))))
        #expect(error.0.code == .invalidCorrelationID && error.closes && error.id == 0)
    }

    @Test func inFlightBoundRefusesExtraRequestsAndKeepsReading() throws {
        var machine = Self.open(maxInFlight: 2)
        #expect(machine.frameReceived(Self.request(.ping, id: 1)).count == 1)
        #expect(machine.frameReceived(Self.request(.ping, id: 2)).count == 1)
        let error = try #require(Self.error(in: machine.frameReceived(Self.request(.ping, id: 3))))
        #expect(error.0.code == .tooManyInFlight)
        #expect(error.0.retryable)
        let actions = machine.requestCompleted(correlationID: 1, messageType: SessionCatalogue.ping.messageType, outcome: .response(ByteBuffer()))
        #expect(actions.count == 1)
        #expect(machine.frameReceived(Self.request(.ping, id: 3)).count == 1, "a slot freed: the same id is accepted")
    }

    @Test func drainingAnswersInFlightRequestsThenCloses() throws {
        var machine = Self.open()
        _ = machine.frameReceived(Self.request(.ping, id: 40))
        let drain = machine.drainRequested(notice: "bye", now: Date(timeIntervalSince1970: 1))
        #expect(drain.count == 1, "a notice event, no close while a request is in flight")
        guard case let .send(event) = drain.first else { Issue.record("no notice"); return }
        #expect(event.kind == .event && event.messageType == .noticeEvent)

        let refused = try #require(Self.error(in: machine.frameReceived(Self.request(.ping, id: 41))))
        #expect(refused.0.code == .shuttingDown && refused.0.retryable)

        let done = machine.requestCompleted(correlationID: 40, messageType: SessionCatalogue.ping.messageType, outcome: .response(ByteBuffer()))
        #expect(done == [.send(Frame(kind: .response, messageType: SessionCatalogue.ping.messageType, correlationID: 40, payload: ByteBuffer())), .close])
    }

    @Test func idleTimeoutClosesOnlyIdleConnections() throws {
        var busy = Self.open()
        _ = busy.frameReceived(Self.request(.ping, id: 50))
        #expect(busy.idleTimeoutFired().isEmpty)

        var idle = Self.open()
        let error = try #require(Self.error(in: idle.idleTimeoutFired()))
        #expect(error.0.code == .idleTimeout && error.closes)
    }

    @Test func framingErrorsAreFatalWithTheirOwnCodes() throws {
        let cases: [(FrameCodecError, ErrorCode)] = [
            (.frameTooLarge(length: 10, maximum: 5), .frameTooLarge),
            (.frameTooSmall(length: 1, minimum: 8), .frameTooSmall),
            (.unknownFrameKind(7), .unknownFrameKind),
        ]
        for (failure, code) in cases {
            var machine = Self.open()
            let error = try #require(Self.error(in: machine.decodingFailed(failure)))
            #expect(error.0.code == code && error.closes && error.0.fatal && error.id == 0)
        }
        var crowded = Self.open()
        let busy = try #require(Self.error(in: crowded.decodingFailed(.inputBudgetExhausted(capacity: 10))))
        #expect(busy.0.code == .busy && busy.0.retryable && busy.closes)
    }

    static func cancel(id: UInt32, target: UInt32) -> Frame {
        Frame(kind: .request, messageType: SessionCatalogue.cancel.messageType, correlationID: id, message: Facturo_V1_CancelRequest.with { $0.correlationID = target })
    }

    @Test func cancelIsAnsweredAtOnceEvenAtTheInFlightBound() throws {
        var machine = Self.open(maxInFlight: 1)
        _ = machine.frameReceived(Self.request(.ping, id: 60))
        let actions = machine.frameReceived(Self.cancel(id: 61, target: 60))
        #expect(actions.count == 2)
        #expect(actions.first == .cancel(60))
        guard case let .send(answer) = actions.last else { Issue.record("no answer"); return }
        #expect(answer.correlationID == 61 && answer.kind == .response)
        #expect(try answer.decode(Facturo_V1_CancelResponse.self).found)
        #expect(machine.inFlightCount == 1, "the target still owes its own final answer")
    }

    @Test func cancelOfAnUnknownRequestFindsNothing() throws {
        var machine = Self.open()
        let actions = machine.frameReceived(Self.cancel(id: 70, target: 999))
        guard case let .send(answer) = actions.first, actions.count == 1 else { Issue.record("expected one answer"); return }
        #expect(try !answer.decode(Facturo_V1_CancelResponse.self).found)
    }

    @Test("ending a session sends the notice, then the fatal code last", arguments: [ErrorCode.sessionClosed, .accountDisabled])
    func endingASessionSendsTheNoticeThenTheFatalCode(code: ErrorCode) throws {
        var machine = Self.open()
        let actions = machine.closeRequested(code: code, notice: "fermée", now: Date(timeIntervalSince1970: 0))
        guard actions.count == 2, case let .send(notice) = actions[0], case let .sendAndClose(error) = actions[1] else {
            Issue.record("unexpected actions \(actions)")
            return
        }
        #expect(notice.kind == .event && notice.messageType == .noticeEvent)
        #expect(error.wireError?.code == code && error.wireError?.fatal == true && error.correlationID == 0)
        #expect(machine.frameReceived(Self.request(.ping, id: 80)).isEmpty, "nothing runs after")
        #expect(machine.eventRequested(notice, for: .everySession).isEmpty, "nothing is pushed after")
    }

    @Test func noticesReachOnlyLoggedInSessions() {
        let notice = ConnectionStateMachine.notice("x", now: Date())
        var anonymous = Self.open(loggedIn: false)
        #expect(anonymous.eventRequested(notice, for: .everySession).isEmpty)
        var loggedIn = Self.open()
        #expect(loggedIn.eventRequested(notice, for: .everySession) == [.send(notice)])
    }

    @Test func userEventsReachOnlyThatUsersSessions() {
        let event = Frame(kind: .event, messageType: EventCatalogue.requestDecided.messageType, correlationID: 0, payload: ByteBuffer())
        var anonymous = Self.open(loggedIn: false)
        #expect(anonymous.eventRequested(event, for: .user(UserID(rawValue: 1))).isEmpty)
        var loggedIn = Self.open()
        #expect(loggedIn.eventRequested(event, for: .user(UserID(rawValue: 2))).isEmpty)
        #expect(loggedIn.eventRequested(event, for: .user(UserID(rawValue: 1))) == [.send(event)])
    }
}
