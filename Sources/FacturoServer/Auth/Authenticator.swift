import FacturoDomain
import FacturoStore
import FacturoWire
import Logging
import NIOPosix

/// Checks a login and password against the store.
///
/// Unknown user, wrong password and malformed e-mail all give the same
/// `AUTH_INVALID_CREDENTIALS` after the same amount of work, so that the
/// answer never tells whether an account exists. The KDF runs on NIO's
/// blocking thread pool, never on an event loop or Swift's cooperative pool,
/// admitted by the `KDFScheduler` (bounded, suspects last).
/// Repeated failures lock the login for a while (`LoginThrottle`).
public struct Authenticator: Sendable {
    let store: any Store
    let hasher: PasswordHasher
    let throttle: LoginThrottle
    let scheduler: KDFScheduler

    public init(store: any Store, hasher: PasswordHasher, throttle: LoginThrottle = LoginThrottle(), scheduler: KDFScheduler = KDFScheduler()) {
        self.store = store
        self.hasher = hasher
        self.throttle = throttle
        self.scheduler = scheduler
    }

    /// Who asks, as far as the KDF queue cares: the lane and the address.
    public struct Origin: Sendable {
        public var lane: KDFScheduler.Lane
        public var address: String
        public init(lane: KDFScheduler.Lane = .normal, address: String = "") {
            self.lane = lane
            self.address = address
        }
    }

    /// `certificate`: the SHA-256 of the client certificate the server
    /// verified on this connection, if any (its attempts count apart, see
    /// `LoginThrottle`).
    public func authenticate(email rawEmail: String, password: String, origin: Origin = Origin(), certificate: String? = nil, logger: Logger) async throws -> User {
        let kdf = QueuedKDF(scheduler: scheduler, origin: origin)
        if let until = await throttle.lockedUntil(rawEmail, certificate: certificate) {
            logger.notice("login refused", metadata: ["email": "\(rawEmail)", "reason": "locked"])
            let minutes = max(1, Int((until.timeIntervalSinceNow / 60).rounded(.up)))
            throw WireError(.accountLocked, "trop d'échecs de connexion : réessayez dans \(minutes) min", retryable: true)
        }
        let invalid = WireError(.invalidCredentials, "identifiant ou mot de passe incorrect")
        let hasher = self.hasher
        guard let email = try? EmailAddress(rawEmail),
              let credentials = try await store.credentials(for: email)
        else {
            try await kdf.run { hasher.burnVerificationTime(password) }
            await recordFailure(rawEmail, certificate: certificate, logger: logger)
            logger.notice("login refused", metadata: ["email": "\(rawEmail)", "reason": "unknown user"])
            throw invalid
        }
        // Technical accounts never log in by password; same work, same answer.
        let matches = credentials.user.isTechnical
            ? try await kdf.run { hasher.burnVerificationTime(password); return false }
            : try await kdf.run { hasher.verify(password, against: credentials.passwordHash) }
        guard matches else {
            await recordFailure(rawEmail, certificate: certificate, logger: logger)
            logger.notice("login refused", metadata: ["email": "\(email)", "reason": "wrong password"])
            throw invalid
        }
        await throttle.recordSuccess(rawEmail, certificate: certificate)
        // Read again after the KDF (half a second): an account deactivated
        // meanwhile must not open a session that its deactivation, which
        // ends live sessions, could not see.
        guard let current = try await store.user(id: credentials.user.id), current.isActive else {
            logger.notice("login refused", metadata: ["email": "\(email)", "reason": "account disabled"])
            throw WireError(.accountDisabled, "ce compte est désactivé")
        }
        return current
    }

    private func recordFailure(_ login: String, certificate: String?, logger: Logger) async {
        guard await throttle.recordFailure(login, certificate: certificate) else { return }
        logger.warning("login locked after repeated failures", metadata: [
            "email": "\(login)", "with_certificate": "\(certificate != nil)",
        ])
    }

    /// The logins locked now (`admin status`).
    public func locks(limit: Int) async -> (total: Int, latest: [LoginThrottle.Lock]) {
        await throttle.locks(limit: limit)
    }

    /// Hashes a new password off the event loops (the KDF is slow on purpose).
    public func hash(_ password: String) async throws -> String {
        let hasher = self.hasher
        return try await scheduler.run { try hasher.hash(password) }
    }

    /// The scheduler seen from one caller, so that each KDF call above
    /// reads as what it does.
    private struct QueuedKDF {
        let scheduler: KDFScheduler
        let origin: Origin
        func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
            try await scheduler.run(lane: origin.lane, address: origin.address, work)
        }
    }
}
