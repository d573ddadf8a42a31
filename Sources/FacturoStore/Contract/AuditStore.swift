import FacturoDomain

/// The append-only audit log, as read back.
public protocol AuditStore: Sendable {
    /// Newest first; `structure` nil means every line (administrators).
    func auditEntries(structure: StructureIdentifier?, limit: Int, beforeID: Int64?) async throws -> [AuditEntry]
}
