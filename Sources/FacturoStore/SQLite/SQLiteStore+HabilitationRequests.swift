import FacturoDomain
import Foundation
import GRDB

/// Habilitation requests and their decisions (`HabilitationRequestStore`).
extension SQLiteStore {
    // MARK: Requests

    static let requestSelect = """
        SELECT habilitation_requests.*, users.email, structures.identifier_type AS s_type, structures.identifier AS s_identifier
        FROM habilitation_requests
        JOIN users ON users.id = habilitation_requests.user_id
        JOIN structures ON structures.id = habilitation_requests.structure_id
        """

    public func createRequest(_ request: HabilitationRequest, user: UserID, structure: StructureIdentifier, comment: String, by actor: AuditActor) async throws -> StoredRequest {
        try await pool.write { db in
            guard let structureID = try Self.structureID(db, structure) else { throw StoreError.notFound("structure \(structure)") }
            do {
                try db.execute(
                    sql: "INSERT INTO habilitation_requests (user_id, structure_id, kind, application, level, service_code, comment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    arguments: [user.rawValue, structureID, request.kind.rawValue, request.application.rawValue, request.level.rawValue, request.serviceCode ?? "", comment, SQLiteAudit.nowMilliseconds()]
                )
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError.duplicate("demande identique en attente")
            }
            let id = db.lastInsertedRowID
            let stored = try Row.fetchOne(db, sql: Self.requestSelect + " WHERE habilitation_requests.id = ?", arguments: [id]).map(SQLiteRows.request)!
            try SQLiteAudit.record(
                db, actor: actor, action: .requestCreate, structureID: structureID, target: AuditTarget.request(id),
                after: .describe(request, comment: comment)
            )
            return stored
        }
    }

    public func request(id: Int64) async throws -> StoredRequest? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: Self.requestSelect + " WHERE habilitation_requests.id = ?", arguments: [id]).map(SQLiteRows.request)
        }
    }

    public func requests(of user: UserID?, on structures: [StructureIdentifier]?, pendingOnly: Bool) async throws -> [StoredRequest] {
        try await pool.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let user {
                conditions.append("habilitation_requests.user_id = ?")
                _ = arguments.append(contentsOf: [user.rawValue])
            }
            if let structures {
                let ids = try structures.compactMap { try Self.structureID(db, $0) }
                guard !ids.isEmpty else { return [] }
                conditions.append("habilitation_requests.structure_id IN (\(ids.map(String.init).joined(separator: ",")))")
            }
            if pendingOnly { conditions.append("state = 'pending'") }
            let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(db, sql: Self.requestSelect + whereClause + " ORDER BY habilitation_requests.id DESC", arguments: arguments)
                .map(SQLiteRows.request)
        }
    }

    public func pendingRequestCount(on structures: [StructureIdentifier]?, excluding user: UserID) async throws -> Int {
        try await pool.read { db in
            var sql = "SELECT COUNT(*) FROM habilitation_requests WHERE state = 'pending' AND user_id != ?"
            if let structures {
                let ids = try structures.compactMap { try Self.structureID(db, $0) }
                guard !ids.isEmpty else { return 0 }
                sql += " AND structure_id IN (\(ids.map(String.init).joined(separator: ",")))"
            }
            return try Int.fetchOne(db, sql: sql, arguments: [user.rawValue]) ?? 0
        }
    }

    public func decide(_ decided: StoredRequest, by actor: AuditActor) async throws {
        try await pool.write { db in
            let (deciderID, comment): (Int64?, String) = switch decided.request.state {
            case let .approved(by, comment), let .refused(by, comment): (by.rawValue, comment)
            case .withdrawn, .pending: (nil, "")
            }
            try db.execute(
                sql: "UPDATE habilitation_requests SET state = ?, decided_by_id = ?, decided_by = ?, decision_comment = ?, decided_at = ? WHERE id = ? AND state = 'pending'",
                arguments: [decided.request.state.name, deciderID, actor.label, comment, SQLiteAudit.nowMilliseconds(), decided.id]
            )
            guard db.changesCount == 1 else { throw StoreError.conflict("demande \(decided.id)") }
            let structureID = try Self.structureID(db, decided.structure)
            try SQLiteAudit.record(
                db, actor: actor, action: AuditAction(decision: decided.request.state), structureID: structureID, target: AuditTarget.request(decided.id),
                before: .state(.pending), after: .state(decided.request.state, comment: comment)
            )
            if case .approved = decided.request.state {
                let habilitation = Habilitation(
                    user: decided.user, structure: decided.structure, serviceCode: decided.request.serviceCode,
                    application: decided.request.application, level: decided.request.level
                )
                switch decided.request.kind {
                case .add: _ = try Self.grant(db, habilitation, actor: actor)
                case .remove: _ = try Self.revoke(db, habilitation, actor: actor)
                case .attach:
                    // The requester's consent is the request; the approval,
                    // the manager's. Attached (or widened) and granted in
                    // the decision's transaction.
                    let current = try Row.fetchOne(
                        db, sql: Self.attachmentSelect + " WHERE attachments.user_id = ? AND attachments.structure_id = ?",
                        arguments: [decided.user.rawValue, structureID]
                    ).map(SQLiteRows.attachment)
                    let attachment = decided.request.attachment(for: decided.user, on: decided.structure, current: current)
                    if attachment != current {
                        try Self.apply(db, StructureRoster.Change(upserts: [attachment]), to: decided.structure, actor: actor)
                    }
                    _ = try Self.grant(db, habilitation, actor: actor)
                }
            }
        }
    }
}
