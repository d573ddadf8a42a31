import FacturoDomain

/// The directory (annuaire): structures, their parameters and services.
/// Every change writes its audit line in the same transaction.
public protocol DirectoryStore: Sendable {
    /// Adds a structure and its services; `StoreError.duplicate` if the
    /// identifier is taken.
    func createStructure(_ structure: Structure, by actor: AuditActor) async throws

    func structure(_ identifier: StructureIdentifier) async throws -> Structure?

    /// Those of `identifiers` that exist, with their services, read in one
    /// snapshot.
    func structures(_ identifiers: Set<StructureIdentifier>) async throws -> [StructureIdentifier: Structure]

    /// Structures matching every given criterion, without their services.
    func searchStructures(_ query: DirectoryQuery) async throws -> DirectoryPage

    /// Replaces the structure's own fields (not its services). Returns
    /// false when nothing changed; `StoreError.notFound` if it does not exist.
    func updateStructure(_ structure: Structure, by actor: AuditActor) async throws -> Bool

    /// Creates or replaces one service of an existing structure.
    func saveService(_ service: Service, of structure: StructureIdentifier, by actor: AuditActor) async throws -> SaveResult

    /// Creates or updates every record in one transaction: all of them are
    /// applied, or (on an error) none.
    func importDirectory(_ records: [DirectoryImportLayout.Record], by actor: AuditActor) async throws -> ImportTally
}

public enum SaveResult: String, Sendable, Equatable {
    case created, updated, unchanged
}

/// Criteria of a directory search; nil or empty means "any".
public struct DirectoryQuery: Sendable, Equatable {
    /// Prefix of the identifier: a SIREN finds its establishments.
    public var identifier: String?
    /// Fragment of the raison sociale, accent- and case-insensitive.
    public var nameFragment: String?
    public var postcode: String?
    /// Fragment of the town, accent- and case-insensitive.
    public var town: String?
    public var isPublic: Bool?
    public var isActive: Bool?
    public var limit: Int
    public var offset: Int

    public init(identifier: String? = nil, nameFragment: String? = nil, postcode: String? = nil, town: String? = nil, isPublic: Bool? = nil, isActive: Bool? = nil, limit: Int = 50, offset: Int = 0) {
        self.identifier = identifier
        self.nameFragment = nameFragment
        self.postcode = postcode
        self.town = town
        self.isPublic = isPublic
        self.isActive = isActive
        self.limit = limit
        self.offset = offset
    }
}

public struct DirectoryPage: Sendable, Equatable {
    public var structures: [Structure]
    /// How many match in all, for "1-50 of 1 234".
    public var total: Int

    public init(structures: [Structure], total: Int) {
        self.structures = structures
        self.total = total
    }
}

/// What an import did, entity by entity.
public struct ImportTally: Sendable, Equatable {
    public var structuresCreated = 0
    public var structuresUpdated = 0
    public var structuresUnchanged = 0
    public var servicesCreated = 0
    public var servicesUpdated = 0
    public var servicesUnchanged = 0

    public init() {}

    public mutating func add(_ other: ImportTally) {
        structuresCreated += other.structuresCreated
        structuresUpdated += other.structuresUpdated
        structuresUnchanged += other.structuresUnchanged
        servicesCreated += other.servicesCreated
        servicesUpdated += other.servicesUpdated
        servicesUnchanged += other.servicesUnchanged
    }
}
