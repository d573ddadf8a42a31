/// Failures every `Store` implementation reports the same way.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A unique value (e-mail, SIRET, service code) is already taken.
    case duplicate(String)
    /// The database was written by a newer Facturo; starting on it could
    /// corrupt data the newer version relies on.
    case schemaTooNew(unknownMigrations: [String])
    /// A stored row no longer satisfies the domain's rules.
    case corrupt(String)

    public var description: String {
        switch self {
        case let .duplicate(what): "already exists: \(what)"
        case let .schemaTooNew(unknown):
            "the database schema is newer than this server (unknown migrations: \(unknown.joined(separator: ", "))); upgrade facturo-server"
        case let .corrupt(what): "corrupt data: \(what)"
        }
    }
}
