import FacturoDomain
import FacturoStore

/// A small directory, its users, attachments and habilitations, so that a
/// newcomer can try the console at once (`facturo-server serve --demo`) and
/// the scenarios can replay the reference walkthroughs. Loaded only into an
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
        public var attachment: (structure: String, role: StructureAttachment.Role)?
        public var habilitations: [(Application, AccessLevel)] = []
        /// Further structures, as a plain user with the same habilitations
        /// (the accountant keeps the books of several).
        public var alsoAttachedTo: [String] = []
    }

    static let communeSiret = "21100001900011"
    static let acmeSiret = "73282932000074"
    /// The communauté de communes of the reference walkthrough
    /// "Vérifier et gérer ses habilitations".
    static let chaourcoisSiret = "20007104100046"
    /// The public college of the reference walkthrough "Saisir une facture",
    /// which invoices other public entities from its FACTURES_PUBLIQUES service.
    static let collegeSiret = "19290086800022"
    /// A public recipient without service code requirement (same walkthrough).
    static let cciSiret = "13001727000013"
    /// The recipient of the reference walkthrough "Traiter des factures
    /// reçues", and its supplier there.
    static let bougivalSiret = "21780092900010"
    static let chaussuresSiret = "48302190100002"

    public static let accounts: [Account] = [
        Account(email: "admin@demo.facturo.fr", displayName: "Administratrice de la plateforme", kind: .entitePublique, isPlatformAdministrator: true),
        Account(
            email: "fournisseur@demo.facturo.fr", displayName: "Camille Martin (ACME Fournitures)", kind: .entreprise, isPlatformAdministrator: false,
            attachment: (acmeSiret, .gestionnairePrincipal), habilitations: [(.facturesEmises, .modification), (.structures, .modification), (.utilisateurs, .modification)]
        ),
        Account(
            email: "acheteur@demo.facturo.fr", displayName: "Dominique Bernard (Commune de Démo)", kind: .entitePublique, isPlatformAdministrator: false,
            attachment: (communeSiret, .gestionnairePrincipal), habilitations: [(.facturesRecues, .modification), (.structures, .modification), (.utilisateurs, .modification)]
        ),
        Account(
            email: "consultation@demo.facturo.fr", displayName: "Alex Durand (Commune de Démo, consultation)", kind: .entitePublique, isPlatformAdministrator: false,
            attachment: (communeSiret, .utilisateur), habilitations: [(.facturesRecues, .consultation), (.structures, .consultation), (.utilisateurs, .consultation)]
        ),
        Account(email: "association@demo.facturo.fr", displayName: "Les Amis du Val", kind: .association, isPlatformAdministrator: false),
        Account(
            email: "gestionnaire@cc-chaourcois.demo.facturo.fr", displayName: "Sandrine Moreau (CC du Chaourcois)", kind: .entitePublique, isPlatformAdministrator: false,
            attachment: (chaourcoisSiret, .gestionnairePrincipal),
            habilitations: [
                (.facturesRecues, .modification), (.structures, .modification), (.utilisateurs, .modification), (.raccordements, .modification),
                (.facturesEmises, .modification),
            ]
        ),
        Account(
            email: "gestionnaire@college-simone-veil.demo.facturo.fr", displayName: "Yann Le Gall (Collège Simone Veil)", kind: .entitePublique,
            isPlatformAdministrator: false, attachment: (collegeSiret, .gestionnairePrincipal),
            habilitations: [(.facturesEmises, .modification), (.structures, .modification), (.utilisateurs, .modification)]
        ),
        Account(
            email: "agent@cc-chaourcois.demo.facturo.fr", displayName: "Claude Petit (CC du Chaourcois)", kind: .entitePublique, isPlatformAdministrator: false,
            attachment: (chaourcoisSiret, .utilisateur),
            habilitations: [
                (.engagements, .consultation), (.facturesTravaux, .modification), (.facturesEmises, .consultation),
                (.raccordements, .modification), (.sollicitationsEmises, .modification),
            ]
        ),
        Account(
            email: "gestionnaire@bougival.demo.facturo.fr", displayName: "Hélène Roux (Commune de Bougival)", kind: .entitePublique,
            isPlatformAdministrator: false, attachment: (bougivalSiret, .gestionnairePrincipal),
            habilitations: [(.facturesRecues, .modification), (.engagements, .modification), (.structures, .modification), (.utilisateurs, .modification)]
        ),
        Account(
            email: "fournisseur@chaussures-er.demo.facturo.fr", displayName: "Éric Rousseau (Chaussures ER)", kind: .entreprise, isPlatformAdministrator: false,
            attachment: (chaussuresSiret, .gestionnairePrincipal), habilitations: [(.facturesEmises, .modification), (.structures, .modification)]
        ),
        Account(
            email: "comptable@demo.facturo.fr", displayName: "Paul Lefèvre (comptable public)", kind: .comptablePublic, isPlatformAdministrator: false,
            attachment: (bougivalSiret, .utilisateur), habilitations: [(.facturesRecues, .consultation)], alsoAttachedTo: [communeSiret]
        ),
    ]

    public static func structures() throws -> [Structure] {
        [
            try Structure(
                identifier: .etat, name: "ETAT", address: PostalAddress(line: "139 rue de Bercy", postcode: "75012", town: "PARIS"), isPublic: true,
                parameters: RecipientParameters(serviceCodeRequired: true, handlesMiseEnPaiement: true),
                services: [
                    try Service(code: "DIVERS", label: "Services divers de l'État"),
                    try Service(code: "INF", label: "Direction du numérique"),
                    try Service(code: Service.facturesPubliques, label: "Factures entre entités publiques"),
                ]
            ),
            try Structure(
                identifier: StructureIdentifier(type: .siret, value: communeSiret), name: "COMMUNE DE DEMO",
                address: PostalAddress(line: "1 place de la Mairie", postcode: "10000", town: "TROYES"), isPublic: true,
                parameters: RecipientParameters(engagementOrServiceCode: true),
                services: [
                    try Service(code: "VOIRIE", label: "Voirie et espaces verts"),
                    try Service(code: "ECOLES", label: "Écoles et périscolaire", engagementRequired: true),
                    try Service(code: Service.facturesPubliques, label: "Factures entre entités publiques"),
                ]
            ),
            try Structure(
                identifier: StructureIdentifier(type: .siret, value: chaourcoisSiret), name: "CC DU CHAOURCOIS ET DU VAL D'ARMANCE",
                address: PostalAddress(line: "Place de l'Église", postcode: "10210", town: "CHAOURCE"), isPublic: true,
                services: [
                    try Service(code: "TRAVAUX", label: "Service travaux"),
                    try Service(code: Service.facturesPubliques, label: "Factures entre entités publiques"),
                ]
            ),
            try Structure(
                identifier: StructureIdentifier(type: .siret, value: acmeSiret), name: "ACME FOURNITURES",
                address: PostalAddress(line: "12 avenue de l'Industrie", postcode: "69007", town: "LYON"), isPublic: false,
                parameters: RecipientParameters(billingMandate: true)
            ),
            try Structure(
                identifier: StructureIdentifier(type: .siret, value: collegeSiret), name: "COLLEGE SIMONE VEIL",
                address: PostalAddress(line: "RTE DE PLOUZANE", postcode: "29290", town: "SAINT-RENAN"), isPublic: true,
                parameters: RecipientParameters(billingMandate: true),
                services: [try Service(code: Service.facturesPubliques, label: "Factures entre entités publiques")]
            ),
            try Structure(
                identifier: StructureIdentifier(type: .siret, value: cciSiret), name: "CCI REGION PARIS ILE FRANCE",
                address: PostalAddress(line: "27 avenue de Friedland", postcode: "75008", town: "PARIS"), isPublic: true
            ),
            try Structure(
                identifier: StructureIdentifier(type: .siret, value: bougivalSiret), name: "COMMUNE DE BOUGIVAL",
                address: PostalAddress(line: "4 rue du Général Leclerc", postcode: "78380", town: "BOUGIVAL"), isPublic: true,
                parameters: RecipientParameters(serviceCodeRequired: true, handlesMiseEnPaiement: true),
                services: [
                    try Service(code: "SERVICES_TECHNIQUES", label: "Services techniques"),
                    try Service(code: "ECOLES", label: "Écoles et restauration scolaire"),
                    try Service(code: Service.facturesPubliques, label: "Factures entre entités publiques"),
                ]
            ),
            try Structure(
                identifier: StructureIdentifier(type: .siret, value: chaussuresSiret), name: "CHAUSSURES ER",
                address: PostalAddress(line: "8 rue des Cordonniers", postcode: "78000", town: "VERSAILLES"), isPublic: false
            ),
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
            let attachment = try account.attachment.map {
                StructureAttachment(user: UserID(rawValue: 0), structure: try StructureIdentifier(parsing: $0.structure), role: $0.role)
            }
            let user = try await store.createUser(
                NewUser(
                    email: try EmailAddress(account.email), displayName: account.displayName, kind: account.kind,
                    isPlatformAdministrator: account.isPlatformAdministrator, passwordHash: hash
                ),
                attachment: attachment, by: .system
            )
            for (application, level) in account.habilitations {
                guard let structure = attachment?.structure else { continue }
                _ = try await store.grant(Habilitation(user: user.id, structure: structure, application: application, level: level), by: .system)
            }
            for other in account.alsoAttachedTo {
                let structure = try StructureIdentifier(parsing: other)
                try await store.apply(
                    StructureRoster.Change(upserts: [StructureAttachment(user: user.id, structure: structure, role: .utilisateur)]), to: structure, by: .system
                )
                for (application, level) in account.habilitations {
                    _ = try await store.grant(Habilitation(user: user.id, structure: structure, application: application, level: level), by: .system)
                }
            }
        }
        return true
    }
}
