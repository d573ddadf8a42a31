import FacturoDomain

/// Habilitations (profiles) of users on structures; grants and revocations
/// write their audit lines.
public protocol HabilitationStore: Sendable {
    func habilitations(of user: UserID) async throws -> [Habilitation]
    func habilitations(on structure: StructureIdentifier) async throws -> [Habilitation]
    /// Grants (or raises to) `habilitation.level`; false if already held.
    func grant(_ habilitation: Habilitation, by actor: AuditActor) async throws -> Bool
    /// Removes `consultation` entirely, or lowers `modification` to
    /// consultation; false if there was nothing to revoke.
    func revoke(_ habilitation: Habilitation, by actor: AuditActor) async throws -> Bool
}
