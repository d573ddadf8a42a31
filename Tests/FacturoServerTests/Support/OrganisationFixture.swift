import FacturoClient
import FacturoDomain
import FacturoServer
import FacturoStore
import FacturoWire
import Foundation
import Testing

/// A test server loaded with the demo organisation, plus one user with
/// modification habilitations who is not a manager, so that every role of
/// the authorization matrix exists on the Commune de Démo.
struct OrganisationFixture {
    static let commune = "21100001900011"
    static let password = "mot de passe des tests"

    enum Role: String, CaseIterable, Sendable {
        case anonymous, otherStructure, consultation, modification, manager, administrator

        var email: String? {
            switch self {
            case .anonymous: nil
            case .otherStructure: "fournisseur@demo.facturo.fr"
            case .consultation: "consultation@demo.facturo.fr"
            case .modification: "modification@demo.facturo.fr"
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
        _ = try await store.createUser(
            NewUser(email: EmailAddress("erp.mairie@demo.facturo.fr"), displayName: "ERP", kind: .entitePublique, isPlatformAdministrator: false,
                    passwordHash: "!", certificateFingerprint: CertificateFingerprint(String(repeating: "cd", count: 32))),
            attachment: StructureAttachment(user: UserID(rawValue: 0), structure: commune, role: .utilisateur), by: .system
        )
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
        let audit = try await store.auditEntries(structure: nil, limit: 10_000, beforeID: nil).count
        let structure = try await store.structure(commune)
        let roster = try await store.roster(of: commune).attachments.map { "\($0.user):\($0.role.rawValue)" }.sorted()
        let habilitations = try await store.habilitations(on: commune).map { "\($0.user):\($0.application.rawValue):\($0.level.rawValue)" }.sorted()
        let users = try await store.users(attachedTo: nil).map { "\($0.email):\($0.isActive)" }
        let structures = try await store.searchStructures(DirectoryQuery(limit: 1000)).total
        return "\(audit)|\(String(describing: structure))|\(roster)|\(habilitations)|\(users)|\(structures)"
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
