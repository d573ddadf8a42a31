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
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
