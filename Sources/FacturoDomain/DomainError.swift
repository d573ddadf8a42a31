/// A business rule refused a value. The code is stable (clients test for
/// it); the message is for people, in French as the reference portal is.
public struct DomainError: Error, Equatable, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let invalidEmail = Code(rawValue: "INVALID_EMAIL")
        public static let weakPassword = Code(rawValue: "WEAK_PASSWORD")
        public static let invalidName = Code(rawValue: "INVALID_NAME")
        public static let invalidSiret = Code(rawValue: "INVALID_SIRET")
        public static let invalidServiceCode = Code(rawValue: "INVALID_SERVICE_CODE")
        public static let invalidRequestTransition = Code(rawValue: "INVALID_REQUEST_TRANSITION")
        public static let invalidIdentifier = Code(rawValue: "INVALID_IDENTIFIER")
        public static let invalidAddress = Code(rawValue: "INVALID_ADDRESS")
        public static let invalidDate = Code(rawValue: "INVALID_DATE")
        public static let invalidFingerprint = Code(rawValue: "INVALID_CERTIFICATE_FINGERPRINT")
        /// A role change the attachment rules refuse (one principal manager...).
        public static let roleRule = Code(rawValue: "ROLE_RULE")
        public static let alreadyAttached = Code(rawValue: "ALREADY_ATTACHED")
        public static let notAttached = Code(rawValue: "NOT_ATTACHED")
        /// Who asks may not do this (the server reports it as FORBIDDEN).
        public static let notPermitted = Code(rawValue: "FORBIDDEN")
        public static let invalidValue = Code(rawValue: "INVALID_ARGUMENT")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
