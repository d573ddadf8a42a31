import FacturoClient
import FacturoWire

/// The console's connection to one server and who is logged in on it.
/// An actor: interactive input, scripts and pushed events reach it from
/// different tasks.
public actor ConsoleSession {
    public let configuration: ClientConfiguration
    private var connection: FacturoConnection?
    /// E-mail of the logged-in user, for the prompt.
    public private(set) var userEmail: String?
    /// How that user logged in, to do it again after a lost connection.
    private var byCertificate = false
    /// Whether logging in again can get the password the same way (the
    /// environment, or asking): not when it was typed in the login line.
    private var canLogInAgain = true
    /// Events pushed to this session, for `wait-event`.
    public let inbox = EventInbox()
    /// Called for every pushed event (the prompt shows them).
    private let onEvent: @Sendable (ConsoleEvent) -> Void
    private var pump: Task<Void, Never>?

    public init(configuration: ClientConfiguration, onEvent: @escaping @Sendable (ConsoleEvent) -> Void = { _ in }) {
        self.configuration = configuration
        self.onEvent = onEvent
    }

    /// `host:port`, for the prompt and messages.
    public nonisolated var serverLabel: String { "\(configuration.host):\(configuration.port)" }

    /// The open connection, connecting (and redoing the handshake) if the
    /// previous one was closed by the server.
    ///
    /// A session the server ended (account deactivated, session closed by an
    /// administrator, idle timeout) is not replaced silently: the next
    /// command fails once with `SessionLost` (nothing was sent), and the one
    /// after connects anew, logged out. The interactive prompt logs in
    /// again then, when the loss was no one's decision.
    /// `discardingLoss`: for logging in (or out), which a lost session does
    /// not concern.
    public func connected(discardingLoss: Bool = false) async throws -> FacturoConnection {
        if let connection, connection.isActive { return connection }
        if let lost = connection {
            connection = nil
            if let email = userEmail {
                userEmail = nil
                if !discardingLoss {
                    throw SessionLost(
                        email: email, byCertificate: byCertificate, canLogInAgain: canLogInAgain,
                        reason: lost.closeReason ?? ClientError.connectionClosed
                    )
                }
            }
        }
        let fresh = try await FacturoConnection.connect(configuration)
        connection = fresh
        // The previous pump is left to drain its closed connection's last
        // events (such as the notice saying why it was closed); it ends by itself.
        let inbox = inbox, onEvent = onEvent
        pump = Task { [weak self] in
            for await event in fresh.events {
                let decoded = ConsoleEvent(event)
                onEvent(decoded)
                await inbox.deliver(decoded)
            }
            // Said when it happens (above the prompt, and to wait-event),
            // not only at the next command.
            guard !Task.isCancelled, let self, await self.wasLoggedIn(on: fresh) else { return }
            let reason = fresh.closeReason ?? ClientError.connectionClosed
            let lost = ConsoleEvent(kind: ConsoleEvent.connectionLost, fields: [
                .init("code", reason.code?.rawValue ?? ""), .init("reason", SessionLost.why(reason)),
            ])
            onEvent(lost)
            await inbox.deliver(lost)
        }
        return fresh
    }

    /// `typedPassword`: the password came in the login line itself, so a
    /// lost session cannot be reopened without asking.
    public func login(email: String, password: String, typedPassword: Bool = false) async throws -> Facturo_V1_LoginResponse {
        let response = try await connected(discardingLoss: true).login(email: email, password: password)
        userEmail = response.user.email
        byCertificate = false
        canLogInAgain = !typedPassword
        return response
    }

    public func loginWithCertificate(account: String = "") async throws -> Facturo_V1_LoginResponse {
        let response = try await connected(discardingLoss: true).loginWithCertificate(account: account)
        userEmail = response.user.email
        byCertificate = true
        canLogInAgain = true
        return response
    }

    /// A command already failed with the reason the connection is ending
    /// (a fatal error, a cut): the user was told, so the next command
    /// connects anew instead of being told again (`SessionLost`).
    public func lossWasReported() {
        if let connection, !connection.isActive {
            self.connection = nil
            userEmail = nil
        }
    }

    /// Whether `connection` is still this session's, with a user on it.
    private func wasLoggedIn(on connection: FacturoConnection) -> Bool {
        self.connection === connection && userEmail != nil
    }

    /// After a lost session there is nothing to close: done.
    public func logout() async throws {
        if let connection, !connection.isActive, userEmail != nil {
            self.connection = nil
            userEmail = nil
            return
        }
        try await connected().logout()
        userEmail = nil
    }

    public func close() async {
        pump?.cancel()
        await connection?.close()
        connection = nil
        userEmail = nil
    }
}
