/// A business rule refused a value. The code is stable (clients test for
/// it); the message is for people, in French as the reference portal is.
///
/// When several rules fail at once (an invoice breaking three checks), each
/// is a `Violation` and the error's own code and message are the first
/// one's, so a client that reads only the main code still gets a true one.
public struct DomainError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The codes of the business layer. The wire layer has its own for the
    /// protocol, authentication and the server's condition; the server's
    /// `ErrorRegistry` joins the two and a test keeps each code in one place
    /// and PROTOCOL.md's table equal to the union.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        // Outcomes any rule may give.
        /// A value breaks a rule that has no code of its own.
        public static let invalidArgument = Code(rawValue: "INVALID_ARGUMENT")
        /// Who asks may not do this.
        public static let forbidden = Code(rawValue: "FORBIDDEN")
        /// No such object visible to the caller.
        public static let notFound = Code(rawValue: "NOT_FOUND")
        /// A unique value (e-mail, identifier, certificate, pending request) is taken.
        public static let alreadyExists = Code(rawValue: "ALREADY_EXISTS")
        /// Someone else changed the target first (a request decided twice).
        public static let conflict = Code(rawValue: "CONFLICT")

        // Values.
        public static let invalidEmail = Code(rawValue: "INVALID_EMAIL")
        public static let weakPassword = Code(rawValue: "WEAK_PASSWORD")
        public static let invalidName = Code(rawValue: "INVALID_NAME")
        public static let invalidSiret = Code(rawValue: "INVALID_SIRET")
        public static let invalidServiceCode = Code(rawValue: "INVALID_SERVICE_CODE")
        public static let invalidIdentifier = Code(rawValue: "INVALID_IDENTIFIER")
        public static let invalidAddress = Code(rawValue: "INVALID_ADDRESS")
        public static let invalidDate = Code(rawValue: "INVALID_DATE")
        public static let invalidFingerprint = Code(rawValue: "INVALID_CERTIFICATE_FINGERPRINT")
        /// An amount, quantity or price that is not an exact decimal within its places.
        public static let invalidAmount = Code(rawValue: "INVALID_AMOUNT")

        // Organisation rules.
        public static let invalidRequestTransition = Code(rawValue: "INVALID_REQUEST_TRANSITION")
        /// A role change the attachment rules refuse (one principal manager...).
        public static let roleRule = Code(rawValue: "ROLE_RULE")
        public static let alreadyAttached = Code(rawValue: "ALREADY_ATTACHED")
        public static let notAttached = Code(rawValue: "NOT_ATTACHED")

        /// Every code above, for the registry.
        public static let all: [Code] = [
            .invalidArgument, .forbidden, .notFound, .alreadyExists, .conflict,
            .invalidEmail, .weakPassword, .invalidName, .invalidSiret, .invalidServiceCode, .invalidIdentifier,
            .invalidAddress, .invalidDate, .invalidFingerprint, .invalidAmount,
            .invalidRequestTransition, .roleRule, .alreadyAttached, .notAttached,
        ] + invoices + processing + formats
    }

    /// One failed rule: its code, the official rule id where one applies
    /// (`BR-CO-10`), the field it is about (`lines[2].quantity`), a message.
    public struct Violation: Equatable, Sendable {
        public var code: Code
        public var rule: String?
        public var field: String?
        public var message: String

        public init(_ code: Code, _ message: String, rule: String? = nil, field: String? = nil) {
            self.code = code
            self.message = message
            self.rule = rule
            self.field = field
        }
    }

    public var code: Code
    public var message: String
    /// Every failed rule, when the error was built from a list of them;
    /// empty for a single cause given by code and message.
    public var violations: [Violation]

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
        self.violations = []
    }

    /// All of `violations` at once; nil when there are none.
    public init?(violations: [Violation]) {
        guard let first = violations.first else { return nil }
        self.code = first.code
        self.message = violations.count == 1 ? first.message : "\(first.message) (et \(violations.count - 1) autre(s) anomalie(s))"
        self.violations = violations
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
