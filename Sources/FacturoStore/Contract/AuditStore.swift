import FacturoDomain

/// The append-only audit log, as read back, and the one line written
/// without a change: a refused attempt on a structure's object.
public protocol AuditStore: Sendable {
    /// Newest first; `structure` nil means every line (administrators).
    func auditEntries(structure: StructureIdentifier?, limit: Int, beforeID: Int64?) async throws -> [AuditEntry]

    /// Files an `access.refused` line under `structure` (the owner of
    /// `target`): someone from outside tried `operation` on it and was
    /// refused, so that its managers see every attempt.
    func recordRefusedAttempt(on structure: StructureIdentifier, target: String, operation: String, namedStructure: StructureIdentifier?, by actor: AuditActor) async throws
}
