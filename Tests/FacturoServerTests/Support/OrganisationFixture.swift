import FacturoClient
import FacturoDomain
import FacturoServer
import FacturoStore
import FacturoWire
import Foundation
import Testing

/// A test server loaded with the demo organisation, plus one user with
/// modification habilitations who is not a manager, two secondary managers
/// and a plain user, so that every role of the authorization matrix exists
/// on the Commune de Démo; and a technical account of each structure, the
/// Commune's and ACME's (the second structure, whose objects the commune's
/// people must never reach).
struct OrganisationFixture {
    static let commune = "21100001900011"
    static let acme = "73282932000074"
    static let password = "mot de passe des tests"
    /// The commune's plain user: the target of role, grant and detach.
    static let agent = "agent.commune@demo.facturo.fr"
    /// A secondary manager other than the caller: the target of demotion.
    static let otherSecondary = "adjoint2@demo.facturo.fr"
    /// The commune's principal manager.
    static let principal = "acheteur@demo.facturo.fr"
    static let communeSystem = "erp.mairie@demo.facturo.fr"
    static let communeSystemSha256 = String(repeating: "cd", count: 32)
    /// ACME's technical account and its certificate.
    static let acmeSystem = "erp.acme@demo.facturo.fr"
    static let acmeSystemSha256 = String(repeating: "ac", count: 32)
    /// ACME's principal manager, attached nowhere else.
    static let acmeManager = "fournisseur@demo.facturo.fr"

    enum Role: String, CaseIterable, Sendable {
        case anonymous, otherStructure, consultation, modification, secondaryManager, manager, administrator

        var email: String? {
            switch self {
            case .anonymous: nil
            case .otherStructure: "fournisseur@demo.facturo.fr"
            case .consultation: "consultation@demo.facturo.fr"
            case .modification: "modification@demo.facturo.fr"
            case .secondaryManager: "adjoint@demo.facturo.fr"
            case .manager: "acheteur@demo.facturo.fr"
            case .administrator: "admin@demo.facturo.fr"
            }
        }
    }

    let server: TestServer

    static func start(clientCA: String? = nil, adminClientCA: String? = nil) async throws -> OrganisationFixture {
        let store = try TestServer.makeStore()
        try await DemoData.loadIfEmpty(into: store, password: password, hasher: TestServer.hasher)
        let commune = try StructureIdentifier(parsing: Self.commune)
        let user = try await store.createUser(
            NewUser(email: EmailAddress("modification@demo.facturo.fr"), displayName: "Morgan Roux", kind: .entitePublique, isPlatformAdministrator: false, passwordHash: TestServer.hasher.hash(password)),
            attachment: StructureAttachment(user: UserID(rawValue: 0), structure: commune, role: .utilisateur), by: .system
        )
        for application in [Application.structures, .utilisateurs, .facturesRecues, .raccordements] {
            _ = try await store.grant(Habilitation(user: user.id, structure: commune, application: application, level: .modification), by: .system)
        }
        // A pending request of the consultation user (id 1), and a technical
        // account, for the operations that decide or revoke.
        let consultation = try #require(try await store.user(email: EmailAddress("consultation@demo.facturo.fr")))
        _ = try await store.createRequest(
            HabilitationRequest(kind: .add, application: .engagements, level: .consultation), user: consultation.id, structure: commune, comment: "", by: .system
        )
        for (email, role) in [("adjoint@demo.facturo.fr", StructureAttachment.Role.gestionnaireSecondaire), (otherSecondary, .gestionnaireSecondaire), (agent, .utilisateur)] {
            _ = try await store.createUser(
                NewUser(email: EmailAddress(email), displayName: email, kind: .entitePublique, isPlatformAdministrator: false, passwordHash: TestServer.hasher.hash(password)),
                attachment: StructureAttachment(user: UserID(rawValue: 0), structure: commune, role: role), by: .system
            )
        }
        for (email, structure, sha256) in [(communeSystem, commune, communeSystemSha256), (acmeSystem, try StructureIdentifier(parsing: acme), acmeSystemSha256)] {
            _ = try await store.createUser(
                NewUser(email: EmailAddress(email), displayName: "ERP", kind: .entitePublique, isPlatformAdministrator: false,
                        passwordHash: "!", certificateFingerprint: CertificateFingerprint(sha256)),
                attachment: StructureAttachment(user: UserID(rawValue: 0), structure: structure, role: .utilisateur), by: .system
            )
            // As after the system's first certificate login: bound.
            _ = try await store.claimCertificate(CertificateFingerprint(sha256), account: EmailAddress(email))
        }
        return OrganisationFixture(server: try await TestServer.start(clientCA: clientCA, adminClientCA: adminClientCA, store: store))
    }

    func connect(as role: Role) async throws -> FacturoConnection {
        let connection = try await server.connect()
        if let email = role.email { _ = try await connection.login(email: email, password: Self.password) }
        return connection
    }

    /// What a refused request must leave untouched: every audited change
    /// adds a line, and the commune's organisation is read back in full.
    func snapshot() async throws -> String {
        let store = server.store
        let commune = try StructureIdentifier(parsing: Self.commune)
        // Refused attempts are written to their target's owner (counted by
        // `refusedAttemptsOnACME`); nothing else may be.
        let audit = try await store.auditEntries(structure: nil, limit: 10_000, beforeID: nil).filter { $0.action != "access.refused" }.count
        let structure = try await store.structure(commune)
        let acme = try StructureIdentifier(parsing: Self.acme)
        let roster = try await (store.roster(of: commune).attachments + store.roster(of: acme).attachments)
            .map { "\($0.structure):\($0.user):\($0.role.rawValue)" }.sorted()
        let systems = try await [Self.communeSystemSha256, Self.acmeSystemSha256].asyncMap { sha256 in
            try await store.technicalAccount(fingerprint: CertificateFingerprint(sha256))?.email.value ?? "none"
        }
        let habilitations = try await (store.habilitations(on: commune) + store.habilitations(on: acme)).map { "\($0.structure):\($0.user):\($0.application.rawValue):\($0.level.rawValue)" }.sorted()
        let users = try await store.users(attachedTo: nil).map { "\($0.email):\($0.isActive)" }
        let structures = try await store.searchStructures(DirectoryQuery(limit: 1000)).total
        return "\(audit)|\(String(describing: structure))|\(roster)|\(habilitations)|\(users)|\(structures)|\(systems)"
    }
}

extension OrganisationFixture {
    /// The `access.refused` lines in ACME's audit.
    func refusedAttemptsOnACME() async throws -> Int {
        try await server.store.auditEntries(structure: StructureIdentifier(parsing: Self.acme), limit: 10_000, beforeID: nil)
            .filter { $0.action == "access.refused" }.count
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var mapped: [T] = []
        for element in self { mapped.append(try await transform(element)) }
        return mapped
    }
}

/// The outcome of one call: the server's answer or its error code.
enum CallOutcome: Equatable, CustomStringConvertible {
    case allowed
    case refused(String)

    var description: String {
        switch self {
        case .allowed: "allowed"
        case let .refused(code): code
        }
    }

    static func of(_ call: () async throws -> Void) async -> CallOutcome {
        do {
            try await call()
            return .allowed
        } catch let ClientError.server(error) {
            return .refused(error.code.rawValue)
        } catch {
            return .refused("unexpected: \(error)")
        }
    }
}
