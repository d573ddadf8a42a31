import FacturoDomain

/// Failures every `Store` implementation reports the same way.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A unique value (e-mail, SIRET, service code) is already taken.
    case duplicate(String)
    /// The row to change does not exist (any more).
    case notFound(String)
    /// Someone else changed the row first (a request decided twice).
    case conflict(String)
    /// The database was written by a newer Facturo; starting on it could
    /// corrupt data the newer version relies on.
    case schemaTooNew(unknownMigrations: [String])
    /// A stored row no longer satisfies the domain's rules.
    case corrupt(String)

    /// Failures of the database or its data, not of the request.
    public var isServerFault: Bool {
        switch self {
        case .schemaTooNew, .corrupt: true
        case .duplicate, .notFound, .conflict: false
        }
    }

    /// The request's own problem as a business refusal, for outcomes that
    /// travel one per submission.
    public var domainError: DomainError {
        switch self {
        case let .duplicate(what): DomainError(.alreadyExists, "existe déjà : \(what)")
        case let .notFound(what): DomainError(.notFound, "introuvable : \(what)")
        case let .conflict(what): DomainError(.conflict, "modifié entre-temps : \(what)")
        case .schemaTooNew, .corrupt: DomainError(.invalidArgument, description)
        }
    }

    public var description: String {
        switch self {
        case let .duplicate(what): "already exists: \(what)"
        case let .notFound(what): "not found: \(what)"
        case let .conflict(what): "changed meanwhile: \(what)"
        case let .schemaTooNew(unknown):
            "the database schema is newer than this server (unknown migrations: \(unknown.joined(separator: ", "))); upgrade facturo-server"
        case let .corrupt(what): "corrupt data: \(what)"
        }
    }
}
