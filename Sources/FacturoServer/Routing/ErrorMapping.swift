import FacturoDomain
import FacturoStore
import FacturoWire

/// The business codes as wire codes: the same strings, declared once in
/// `DomainError.Code`. Handlers name them like the wire layer's own.
extension ErrorCode {
    init(_ code: DomainError.Code) {
        self.init(rawValue: code.rawValue)
    }

    static let invalidArgument = ErrorCode(.invalidArgument)
    static let forbidden = ErrorCode(.forbidden)
    static let notFound = ErrorCode(.notFound)
    static let alreadyExists = ErrorCode(.alreadyExists)
    static let conflict = ErrorCode(.conflict)
}

/// Every code that can reach the wire: the wire layer's and the domain's.
/// A test keeps this equal to PROTOCOL.md's table.
enum ErrorRegistry {
    static var all: [ErrorCode] { ErrorCode.all + DomainError.Code.all.map(ErrorCode.init) }
}

extension WireError {
    /// A request that needs a session, on a connection without one.
    static let loginRequired = WireError(.authenticationRequired, "authentification requise : connectez-vous d'abord (login)")

    /// A business rule's refusal travels with the rule's own code, and with
    /// every violation when there were several.
    init(_ error: DomainError) {
        self.init(
            ErrorCode(error.code), error.message,
            violations: error.violations.map {
                Violation(code: ErrorCode($0.code), rule: $0.rule ?? "", field: $0.field ?? "", message: $0.message)
            }
        )
    }

    init(_ error: StoreError) {
        switch error {
        case let .duplicate(what): self.init(.alreadyExists, "existe déjà : \(what)")
        case let .notFound(what): self.init(.notFound, "introuvable : \(what)")
        case let .conflict(what): self.init(.conflict, "modifié entre-temps : \(what) ; relisez et recommencez")
        case .schemaTooNew, .corrupt: self.init(.internalError, "erreur interne du serveur", retryable: true)
        }
    }
}
