/// A user's attachment (rattachement) to a structure, optionally limited to
/// some of its services, with a role.
public struct StructureAttachment: Sendable, Equatable {
    public enum Role: String, Sendable, CaseIterable, Codable {
        /// One per structure: approves attachments and habilitation requests.
        case gestionnairePrincipal = "gestionnaire_principal"
        case gestionnaireSecondaire = "gestionnaire_secondaire"
        case utilisateur

        public var label: String {
            switch self {
            case .gestionnairePrincipal: "Gestionnaire principal"
            case .gestionnaireSecondaire: "Gestionnaire secondaire"
            case .utilisateur: "Utilisateur"
            }
        }

        /// Managers decide requests and manage their structure's users.
        public var isManager: Bool { self != .utilisateur }

        /// A role as given on the wire or in a script; empty means `utilisateur`.
        public init(parsing text: String) throws(DomainError) {
            if text.isEmpty {
                self = .utilisateur
                return
            }
            self = try .named(text)
        }
    }

    public var user: UserID
    public var structure: StructureIdentifier
    public var role: Role
    /// nil: the whole structure; otherwise only these service codes.
    public var serviceCodes: Set<String>?

    public init(user: UserID, structure: StructureIdentifier, role: Role, serviceCodes: Set<String>? = nil) {
        self.user = user
        self.structure = structure
        self.role = role
        self.serviceCodes = serviceCodes
    }

    /// Whether the attachment reaches `serviceCode` (nil: the structure itself).
    public func covers(serviceCode: String?) -> Bool {
        guard let serviceCodes else { return true }
        guard let serviceCode else { return false }
        return serviceCodes.contains(serviceCode)
    }
}
