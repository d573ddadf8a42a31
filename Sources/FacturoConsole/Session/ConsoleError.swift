import FacturoClient
import FacturoWire

/// A command's failure, classified by the exit status it leads to.
public struct ConsoleError: Error, Sendable, CustomStringConvertible {
    public var status: ExitStatus
    public var message: String
    /// The server's error code, when the server refused the command
    /// (what `expect-error` compares).
    public var code: ErrorCode?
    /// Already printed where it happened (a failure inside an included
    /// script): the including line only stops.
    public var isReported: Bool
    /// The session's connection was lost before the command was sent.
    public var lostSession: SessionLost?

    public init(_ status: ExitStatus, _ message: String, code: ErrorCode? = nil, reported: Bool = false) {
        self.status = status
        self.message = message
        self.code = code
        self.isReported = reported
        self.lostSession = nil
    }

    public var description: String { message }

    public static func usage(_ message: String) -> ConsoleError { ConsoleError(.usageOrIO, message) }

    /// Maps any error to what the user sees. Authentication failures and
    /// transport failures are exit 2; server refusals of a command are 3.
    public static func from(_ error: any Error) -> ConsoleError {
        switch error {
        case let error as ConsoleError:
            return error
        case let lost as SessionLost:
            var error = ConsoleError(.connectionOrAuth, "", code: lost.reason.code)
            error.message = "la session de \(lost.email) s'est terminée : \(SessionLost.why(lost.reason)) ; la commande n'a pas été envoyée"
                + (lost.isRecoverable ? " ; reconnectez-vous (\(lost.loginLine))" : "")
            error.lostSession = lost
            return error
        case let error as ClientError:
            switch error {
            case let .server(wire):
                let authCodes: Set<ErrorCode> = [.invalidCredentials, .accountDisabled, .accountLocked]
                let status: ExitStatus = authCodes.contains(wire.code) || wire.fatal ? .connectionOrAuth : .commandFailed
                return ConsoleError(status, "\(wire.code.rawValue): \(wire.message)" + violationRows(wire.violations), code: wire.code)
            case let .connectFailed(reason):
                return ConsoleError(.connectionOrAuth, ConnectionAdvice.unreachable(reason))
            case let .tls(reason):
                return ConsoleError(.connectionOrAuth, ConnectionAdvice.tls(reason))
            case .connectionClosed, .transport, .protocolViolation:
                return ConsoleError(.connectionOrAuth, error.description)
            case .requestTooLarge:
                return ConsoleError(.commandFailed, error.description)
            }
        default:
            return ConsoleError(.commandFailed, "\(error)")
        }
    }

    /// Every violation of a refusal as an aligned row under the message
    /// (code, rule, field, message), as the reference portal lists them.
    static func violationRows(_ violations: [WireError.Violation]) -> String {
        // One violation is the message itself: a table only for several.
        guard violations.count > 1 else { return "" }
        let rows = violations.map { [$0.code.rawValue, $0.rule.isEmpty ? "-" : $0.rule, $0.field.isEmpty ? "-" : $0.field, $0.message] }
        let table = OutputRenderer(format: .table).render(.table(columns: ["code", "regle", "champ", "message"], rows: rows))
        return "\n" + table.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
    }
}

/// A command that produced its result and still failed (an import with
/// rejected lines): the result is printed, or captured by `-> NAME`, and
/// then the failure counts like any other.
public struct FailureWithOutput: Error, Sendable {
    public var output: CommandOutput
    public var error: ConsoleError

    public init(_ output: CommandOutput, _ error: ConsoleError) {
        self.output = output
        self.error = error
    }
}
