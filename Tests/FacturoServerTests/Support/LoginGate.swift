import FacturoServer
import FacturoWire
import NIOCore

/// Holds logins at a gate the test opens, so a test can keep a request "in
/// flight" on the server for as long as it needs, without sleeping.
/// `entered` yields each time a login has to wait at the closed gate.
/// A middleware, so it does not grow with the store contract.
/// `holding` chooses another request type to hold (pings, for tests of
/// the in-flight bound).
final class LoginGate: RequestMiddleware {
    let entered: AsyncStream<Void>
    private let enteredContinuation: AsyncStream<Void>.Continuation
    private let gate = Gate()
    private let held: MessageType

    init(holding held: MessageType = SessionCatalogue.login.messageType) {
        self.held = held
        (entered, enteredContinuation) = AsyncStream.makeStream()
    }

    func closeGate() async { await gate.close() }
    func openGate() async { await gate.open() }

    func handle(_ request: InboundRequest, route: AnyRequestDescriptor, next: @Sendable () async throws -> ByteBuffer) async throws -> ByteBuffer {
        if route.messageType == held {
            await gate.pass(onWait: { [enteredContinuation] in enteredContinuation.yield() })
            // A request cancelled while held at the gate stops here, as real
            // work stops at its next cancellation check.
            try Task.checkCancellation()
        }
        return try await next()
    }
}
