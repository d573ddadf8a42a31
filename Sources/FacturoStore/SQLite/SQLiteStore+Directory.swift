import FacturoDomain
import Foundation
import GRDB

extension SQLiteStore {
    public func createStructure(_ structure: Structure, by actor: AuditActor) async throws {
        try await pool.write { db in
            let codes = structure.services.map(\.code)
            if let repeated = codes.first(where: { code in codes.filter { $0 == code }.count > 1 }) {
                throw StoreError.duplicate("service \(repeated) de \(structure.identifier)")
            }
            guard try Self.structureID(db, structure.identifier) == nil else {
                throw StoreError.duplicate("structure \(structure.identifier)")
            }
            let id = try Self.insert(db, structure)
            try SQLiteAudit.record(db, actor: actor, action: .structureCreate, structureID: id, target: structure.identifier.description, after: AuditSnapshot.describe(structure))
            for service in structure.services {
                _ = try Self.save(db, service, structureID: id, structure: structure.identifier, actor: actor)
            }
        }
    }

    /// From memory while the directory has not changed (see
    /// `ReadThroughCache`); otherwise read and kept.
    public func structure(_ identifier: StructureIdentifier) async throws -> Structure? {
        if let known = structureCache.lookup(identifier) { return known }
        return try await structures([identifier])[identifier]
    }

    public func structures(_ identifiers: Set<StructureIdentifier>) async throws -> [StructureIdentifier: Structure] {
        var found: [StructureIdentifier: Structure] = [:]
        var missing: [StructureIdentifier] = []
        for identifier in identifiers {
            if let structure = structureCache.lookup(identifier) { found[identifier] = structure } else { missing.append(identifier) }
        }
        guard !missing.isEmpty else { return found }
        let generation = structureCache.generation
        let read = try await pool.read { [missing] db in
            try missing.map { identifier in (identifier, try Self.structure(db, identifier)) }
        }
        for case let (identifier, structure?) in read {
            structureCache.store(structure, for: identifier, readAt: generation)
            found[identifier] = structure
        }
        return found
    }

    public func searchStructures(_ query: DirectoryQuery) async throws -> DirectoryPage {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let identifier = query.identifier, !identifier.isEmpty {
            // A prefix: a SIREN (9 digits) finds every establishment of the company.
            conditions.append("identifier LIKE ? ESCAPE '\\'")
            _ = arguments.append(contentsOf: [Self.likeEscaped(identifier.filter { $0 != " " }.uppercased()) + "%"])
        }
        if let fragment = query.nameFragment, !fragment.isEmpty {
            conditions.append("name_folded LIKE ? ESCAPE '\\'")
            _ = arguments.append(contentsOf: ["%" + Self.likeEscaped(SearchFolding.fold(fragment)) + "%"])
        }
        if let postcode = query.postcode, !postcode.isEmpty {
            conditions.append("postcode LIKE ? ESCAPE '\\'")
            _ = arguments.append(contentsOf: [Self.likeEscaped(postcode) + "%"])
        }
        if let town = query.town, !town.isEmpty {
            conditions.append("town_folded LIKE ? ESCAPE '\\'")
            _ = arguments.append(contentsOf: ["%" + Self.likeEscaped(SearchFolding.fold(town)) + "%"])
        }
        if let isPublic = query.isPublic {
            conditions.append("is_public = ?")
            _ = arguments.append(contentsOf: [isPublic])
        }
        if let isActive = query.isActive {
            conditions.append("is_active = ?")
            _ = arguments.append(contentsOf: [isActive])
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let limit = max(1, min(query.limit, 1000))
        let offset = max(0, query.offset)
        let bound = arguments
        return try await pool.read { db in
            // Statements cached per shape of query (GRDB's authorizer runs at
            // every compilation, once per column read: costly on `*`).
            let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM structures \(whereClause)"), arguments: bound) ?? 0
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM structures \(whereClause) ORDER BY name_folded, identifier LIMIT ? OFFSET ?"), arguments: bound + [limit, offset]
            )
            return DirectoryPage(structures: try rows.map { try SQLiteRows.structure($0, services: []) }, total: total)
        }
    }

    public func updateStructure(_ structure: Structure, by actor: AuditActor) async throws -> Bool {
        try await pool.write { db in
            guard let (id, current) = try Self.stored(db, structure.identifier, withServices: false) else {
                throw StoreError.notFound("structure \(structure.identifier)")
            }
            return try Self.update(db, id: id, from: current, to: structure, actor: actor)
        }
    }

    public func saveService(_ service: Service, of structure: StructureIdentifier, by actor: AuditActor) async throws -> SaveResult {
        try await pool.write { db in
            guard let id = try Self.structureID(db, structure) else { throw StoreError.notFound("structure \(structure)") }
            return try Self.save(db, service, structureID: id, structure: structure, actor: actor)
        }
    }

    public func importDirectory(_ records: [DirectoryImportLayout.Record], by actor: AuditActor) async throws -> ImportTally {
        try await pool.write { db in
            var tally = ImportTally()
            // Structures already handled in this call (a structure's service
            // lines repeat it): counted once, looked up once.
            var handled: [StructureIdentifier: Int64] = [:]
            for record in records {
                let identifier = record.structure.identifier
                let structureID: Int64
                if let known = handled[identifier] {
                    structureID = known
                } else if let (existing, current) = try Self.stored(db, identifier, withServices: false) {
                    structureID = existing
                    handled[identifier] = existing
                    if try Self.update(db, id: existing, from: current, to: record.structure, actor: actor) {
                        tally.structuresUpdated += 1
                    } else {
                        tally.structuresUnchanged += 1
                    }
                } else {
                    structureID = try Self.insert(db, record.structure)
                    handled[identifier] = structureID
                    tally.structuresCreated += 1
                    try SQLiteAudit.record(db, actor: actor, action: .structureCreate, structureID: structureID, target: identifier.description, after: AuditSnapshot.describe(record.structure))
                }
                if let service = record.service {
                    switch try Self.save(db, service, structureID: structureID, structure: identifier, actor: actor) {
                    case .created: tally.servicesCreated += 1
                    case .updated: tally.servicesUpdated += 1
                    case .unchanged: tally.servicesUnchanged += 1
                    }
                }
            }
            return tally
        }
    }

    // MARK: - Inside a transaction

    static func structureID(_ db: Database, _ identifier: StructureIdentifier) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM structures WHERE identifier_type = ? AND identifier = ?"),
            arguments: [identifier.type.rawValue, identifier.value]
        )
    }

    static func structure(_ db: Database, _ identifier: StructureIdentifier) throws -> Structure? {
        try stored(db, identifier, withServices: true)?.structure
    }

    /// The structure and its row id, from one lookup.
    static func stored(_ db: Database, _ identifier: StructureIdentifier, withServices: Bool) throws -> (id: Int64, structure: Structure)? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM structures WHERE identifier_type = ? AND identifier = ?"),
            arguments: [identifier.type.rawValue, identifier.value]
        ) else { return nil }
        let id: Int64 = row["id"]
        let services = withServices
            ? try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM services WHERE structure_id = ? ORDER BY code"), arguments: [id]).map(SQLiteRows.service)
            : []
        return (id, try SQLiteRows.structure(row, services: services))
    }

    private static func insert(_ db: Database, _ structure: Structure) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO structures (identifier_type, identifier, name, name_folded, address_line, postcode, town, town_folded, country_code,
                is_public, is_active, service_code_required, engagement_required, engagement_or_service_code, handles_mise_en_paiement,
                billing_mandate, check_engagements)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [structure.identifier.type.rawValue, structure.identifier.value] + fieldValues(structure))
        return db.lastInsertedRowID
    }

    /// Writes the new fields when they differ; true if something changed.
    private static func update(_ db: Database, id: Int64, from current: Structure, to new: Structure, actor: AuditActor) throws -> Bool {
        var comparable = current
        comparable.services = new.services
        guard comparable != new else { return false }
        try db.cachedStatement(sql: """
            UPDATE structures SET name = ?, name_folded = ?, address_line = ?, postcode = ?, town = ?, town_folded = ?, country_code = ?,
                is_public = ?, is_active = ?, service_code_required = ?, engagement_required = ?, engagement_or_service_code = ?, handles_mise_en_paiement = ?,
                billing_mandate = ?, check_engagements = ?
            WHERE id = ?
            """).execute(arguments: fieldValues(new) + [id])
        try SQLiteAudit.record(
            db, actor: actor, action: .structureUpdate, structureID: id, target: new.identifier.description,
            before: AuditSnapshot.describe(current), after: AuditSnapshot.describe(new)
        )
        return true
    }

    private static func fieldValues(_ structure: Structure) -> StatementArguments {
        [
            structure.name, SearchFolding.fold(structure.name), structure.address.line, structure.address.postcode,
            structure.address.town, SearchFolding.fold(structure.address.town), structure.address.countryCode,
            structure.isPublic, structure.isActive, structure.parameters.serviceCodeRequired, structure.parameters.engagementRequired,
            structure.parameters.engagementOrServiceCode, structure.parameters.handlesMiseEnPaiement,
            structure.parameters.billingMandate, structure.parameters.checkEngagements,
        ]
    }

    static func save(_ db: Database, _ service: Service, structureID: Int64, structure: StructureIdentifier, actor: AuditActor) throws -> SaveResult {
        let target = AuditTarget.service(service.code, of: structure)
        let values: StatementArguments = [service.label, service.isActive, service.engagementRequired, service.validFrom?.iso, service.validUntil?.iso]
        if let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM services WHERE structure_id = ? AND code = ?"), arguments: [structureID, service.code]
        ) {
            let current = try SQLiteRows.service(row)
            guard current != service else { return .unchanged }
            try db.cachedStatement(sql: "UPDATE services SET label = ?, is_active = ?, engagement_required = ?, valid_from = ?, valid_until = ? WHERE id = ?")
                .execute(arguments: values + [row["id"] as Int64])
            try SQLiteAudit.record(db, actor: actor, action: .serviceUpdate, structureID: structureID, target: target, before: AuditSnapshot.describe(current), after: AuditSnapshot.describe(service))
            return .updated
        }
        try db.cachedStatement(sql: "INSERT INTO services (label, is_active, engagement_required, valid_from, valid_until, structure_id, code) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .execute(arguments: values + [structureID, service.code])
        try SQLiteAudit.record(db, actor: actor, action: .serviceCreate, structureID: structureID, target: target, after: AuditSnapshot.describe(service))
        return .created
    }

    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
