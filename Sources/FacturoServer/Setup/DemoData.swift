import FacturoDomain
import FacturoStore

/// A small directory and a few users, so that a newcomer can try the
/// console at once (`facturo-server serve --demo`). Loaded only into an
/// empty database: demo accounts never appear next to real ones.
public enum DemoData {
    /// Shared by every demo account; printed by `scripts/run`, documented in
    /// the README. Override with FACTURO_DEMO_PASSWORD.
    public static let defaultPassword = "facturo-demo-2026"

    public struct Account: Sendable {
        public var email: String
        public var displayName: String
        public var kind: AccountKind
        public var isPlatformAdministrator: Bool
    }

    public static let accounts: [Account] = [
        Account(email: "admin@demo.facturo.fr", displayName: "Administratrice de la plateforme", kind: .entitePublique, isPlatformAdministrator: true),
        Account(email: "fournisseur@demo.facturo.fr", displayName: "Camille Martin (ACME Fournitures)", kind: .entreprise, isPlatformAdministrator: false),
        Account(email: "acheteur@demo.facturo.fr", displayName: "Dominique Bernard (Commune de Démo)", kind: .entitePublique, isPlatformAdministrator: false),
        Account(email: "association@demo.facturo.fr", displayName: "Les Amis du Val", kind: .association, isPlatformAdministrator: false),
    ]

    public static func structures() throws -> [Structure] {
        [
            Structure(siret: .etat, name: "ETAT", isPublic: true, services: [
                try Service(code: "DIVERS", label: "Services divers de l'État"),
                try Service(code: "INF", label: "Direction du numérique"),
                try Service(code: Service.facturesPubliques, label: "Factures entre entités publiques"),
            ]),
            Structure(siret: try Siret("21100001900011"), name: "COMMUNE DE DEMO", isPublic: true, services: [
                try Service(code: "VOIRIE", label: "Voirie et espaces verts"),
                try Service(code: Service.facturesPubliques, label: "Factures entre entités publiques"),
            ]),
            Structure(siret: try Siret("73282932000074"), name: "ACME FOURNITURES", isPublic: false),
        ]
    }

    public enum Failure: Error, CustomStringConvertible {
        case databaseNotEmpty
        public var description: String { "--demo loads data only into an empty database" }
    }

    /// Loads the demo directory and accounts; returns false (doing nothing)
    /// when the database already holds data.
    @discardableResult
    public static func loadIfEmpty(into store: any Store, password: String = defaultPassword, hasher: PasswordHasher = .recommended) async throws -> Bool {
        guard try await store.isEmpty() else { return false }
        for structure in try structures() {
            try await store.createStructure(structure)
        }
        // One hash for every demo account: their password is published, so
        // distinct salts would protect nothing, and scrypt at full cost is
        // slow on purpose (seconds in a debug build).
        let hash = try hasher.hash(password)
        for account in accounts {
            _ = try await store.createUser(NewUser(
                email: try EmailAddress(account.email),
                displayName: account.displayName,
                kind: account.kind,
                isPlatformAdministrator: account.isPlatformAdministrator,
                passwordHash: hash
            ))
        }
        return true
    }
}
