import FacturoDomain
import FacturoStore

/// `facturo-server init`: the first platform administrator of a new database.
public enum AdministratorSetup {
    public enum Failure: Error, CustomStringConvertible {
        case administratorExists

        public var description: String {
            "this database already has a platform administrator; refusing to create another with init"
        }
    }

    /// Creates the administrator; refuses when one exists already, so that
    /// re-running init can never replace someone's credentials.
    @discardableResult
    public static func createAdministrator(email rawEmail: String, displayName: String, password: String, store: any Store, hasher: PasswordHasher = .recommended) async throws -> User {
        let email = try EmailAddress(rawEmail)
        try PasswordPolicy.validate(password)
        try User.validateDisplayName(displayName)
        guard try await !store.hasPlatformAdministrator() else { throw Failure.administratorExists }
        return try await store.createUser(NewUser(
            email: email,
            displayName: displayName,
            kind: .entitePublique,
            isPlatformAdministrator: true,
            passwordHash: try hasher.hash(password)
        ))
    }
}
