import NIOCore
import SwiftProtobuf

/// An error as it travels in an error frame: a stable code, a message for
/// people, and the two flags a client needs to decide what to do next.
public struct WireError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String
    /// The same request may succeed later unchanged (overload, shutdown).
    public var retryable: Bool
    /// The sender closes the connection right after this error.
    public var fatal: Bool
    /// Only with `PROTOCOL_VERSION_UNSUPPORTED`: what the server speaks.
    public var supportedVersions: ClosedRange<UInt32>?
    /// Every reason when a request is refused for several at once; the
    /// first one's code is `code`.
    public var violations: [Violation]

    /// One reason of a refusal: code, official rule id, field path, message.
    public struct Violation: Sendable, Equatable {
        public var code: ErrorCode
        public var rule: String
        public var field: String
        public var message: String

        public init(code: ErrorCode, rule: String = "", field: String = "", message: String) {
            self.code = code
            self.rule = rule
            self.field = field
            self.message = message
        }
    }

    public init(
        _ code: ErrorCode, _ message: String, retryable: Bool = false, fatal: Bool = false,
        supportedVersions: ClosedRange<UInt32>? = nil, violations: [Violation] = []
    ) {
        self.code = code
        self.message = message
        self.retryable = retryable
        self.fatal = fatal
        self.supportedVersions = supportedVersions
        self.violations = violations
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// The protobuf body of an error frame.
    public var body: Facturo_V1_ErrorBody {
        var body = Facturo_V1_ErrorBody()
        body.code = code.rawValue
        body.message = message
        body.retryable = retryable
        body.fatal = fatal
        if let supportedVersions {
            body.supportedVersions = .with {
                $0.minVersion = supportedVersions.lowerBound
                $0.maxVersion = supportedVersions.upperBound
            }
        }
        body.violations = violations.map { violation in
            .with {
                $0.code = violation.code.rawValue
                $0.rule = violation.rule
                $0.field = violation.field
                $0.message = violation.message
            }
        }
        return body
    }

    public init(body: Facturo_V1_ErrorBody) {
        self.init(
            ErrorCode(rawValue: body.code),
            body.message,
            retryable: body.retryable,
            fatal: body.fatal,
            supportedVersions: body.hasSupportedVersions
                ? body.supportedVersions.minVersion...max(body.supportedVersions.minVersion, body.supportedVersions.maxVersion)
                : nil,
            violations: body.violations.map {
                Violation(code: ErrorCode(rawValue: $0.code), rule: $0.rule, field: $0.field, message: $0.message)
            }
        )
    }

    /// The error frame answering `correlationID` (0 for connection-level errors).
    public func frame(correlationID: UInt32, messageType: MessageType) -> Frame {
        Frame(kind: .error, messageType: messageType, correlationID: correlationID, payload: ByteBuffer(message: body))
    }
}
