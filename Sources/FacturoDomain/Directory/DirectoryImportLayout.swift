/// The columns of a directory import file and how one line becomes a
/// structure (and optionally one of its services).
///
/// Columns are found by their header name, in any order; unknown names are
/// refused so that a typo never silently drops data. A line that carries a
/// service code describes that service too; a structure with several
/// services takes several lines, repeating the structure's columns.
public struct DirectoryImportLayout: Sendable {
    public enum Column: String, Sendable, CaseIterable {
        case identifierType = "type_identifiant"
        case identifier = "identifiant"
        case name = "raison_sociale"
        case address = "adresse"
        case postcode = "code_postal"
        case town = "ville"
        case country = "pays"
        case isPublic = "publique"
        case isActive = "active"
        case serviceCodeRequired = "code_service_obligatoire"
        case engagementRequired = "engagement_obligatoire"
        case engagementOrServiceCode = "code_service_ou_engagement"
        case handlesMiseEnPaiement = "mise_en_paiement"
        case billingMandate = "mandat_facturation"
        case checkEngagements = "controle_engagements"
        case serviceCode = "service_code"
        case serviceLabel = "service_libelle"
        case serviceActive = "service_actif"
        case serviceEngagementRequired = "service_engagement_obligatoire"
        case serviceValidFrom = "service_debut"
        case serviceValidUntil = "service_fin"

        public static let required: [Column] = [.identifier, .name, .isPublic]
    }

    /// One line, as understood.
    public struct Record: Sendable, Equatable {
        public var structure: Structure
        public var service: Service?

        public init(structure: Structure, service: Service?) {
            self.structure = structure
            self.service = service
        }
    }

    private let positions: [Column: Int]

    public init(header: [String]) throws(DomainError) {
        var positions: [Column: Int] = [:]
        for (index, raw) in header.enumerated() {
            try TextLimit.importColumn.check(raw)
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard let column = Column(rawValue: name) else {
                throw DomainError(.invalidArgument, "colonne inconnue : \(raw.quotedForMessage) (colonnes : \(Column.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard positions[column] == nil else { throw DomainError(.invalidArgument, "colonne en double : \(name.quotedForMessage)") }
            positions[column] = index
        }
        let missing = Column.required.filter { positions[$0] == nil }
        guard missing.isEmpty else {
            throw DomainError(.invalidArgument, "colonnes obligatoires absentes : \(missing.map(\.rawValue).joined(separator: ", "))")
        }
        self.positions = positions
    }

    /// A record whose fields are each within `TextLimit.importField`
    /// (rejections quote values, and 10 000 of them must fit in an answer).
    public func record(_ fields: [String]) throws(DomainError) -> Record {
        for field in fields { try TextLimit.importField.check(field) }
        func value(_ column: Column) -> String {
            guard let index = positions[column], index < fields.count else { return "" }
            return fields[index].trimmingCharacters(in: .whitespaces)
        }
        func flag(_ column: Column, default fallback: Bool) throws(DomainError) -> Bool {
            let text = value(column)
            if text.isEmpty { return fallback }
            guard let parsed = Self.boolean(text) else {
                throw DomainError(.invalidArgument, "\(column.rawValue) : \(text.quotedForMessage) n'est pas oui/non")
            }
            return parsed
        }
        func date(_ column: Column) throws(DomainError) -> CalendarDate? {
            let text = value(column)
            return text.isEmpty ? nil : try CalendarDate(text)
        }
        let rawType = value(.identifierType).uppercased()
        let identifier: StructureIdentifier
        if rawType.isEmpty {
            // No type column: a bare SIRET, or the console's TYPE:value form.
            identifier = try StructureIdentifier(parsing: value(.identifier))
        } else {
            guard let type = StructureIdentifierType(rawValue: rawType) else {
                throw DomainError(.invalidIdentifier, "type d'identifiant inconnu : \(rawType.quotedForMessage)")
            }
            identifier = try StructureIdentifier(type: type, value: value(.identifier))
        }
        let structure = try Structure(
            identifier: identifier,
            name: value(.name),
            address: PostalAddress(line: value(.address), postcode: value(.postcode), town: value(.town), countryCode: value(.country)),
            isPublic: try flag(.isPublic, default: false),
            isActive: try flag(.isActive, default: true),
            parameters: RecipientParameters(
                serviceCodeRequired: try flag(.serviceCodeRequired, default: false),
                engagementRequired: try flag(.engagementRequired, default: false),
                engagementOrServiceCode: try flag(.engagementOrServiceCode, default: false),
                handlesMiseEnPaiement: try flag(.handlesMiseEnPaiement, default: false),
                billingMandate: try flag(.billingMandate, default: false),
                checkEngagements: try flag(.checkEngagements, default: false)
            )
        )
        let code = value(.serviceCode)
        guard !code.isEmpty else { return Record(structure: structure, service: nil) }
        let service = try Service(
            code: code,
            label: value(.serviceLabel).isEmpty ? code : value(.serviceLabel),
            isActive: try flag(.serviceActive, default: true),
            engagementRequired: try flag(.serviceEngagementRequired, default: false),
            validFrom: try date(.serviceValidFrom),
            validUntil: try date(.serviceValidUntil)
        )
        return Record(structure: structure, service: service)
    }

    /// oui/non as the portal writes them, and the usual machine forms.
    public static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "oui", "o", "yes", "y", "true", "vrai", "1": true
        case "non", "n", "no", "false", "faux", "0": false
        default: nil
        }
    }
}
