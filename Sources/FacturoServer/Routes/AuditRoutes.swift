import FacturoDomain
import FacturoStore
import FacturoWire
import NIOCore

/// The audit log: every line for administrators, a structure's lines for
/// its managers.
enum AuditRoutes {
    static func register(_ router: inout Router) {
        // A page of the journal may describe thousands of changes.
        router.on(AuditCatalogue.list, placement: .sharedPool, list)
    }

    @Sendable static func list(_ list: Facturo_V1_AuditListRequest, _ context: RequestContext) async throws -> Facturo_V1_AuditListResponse {
        let caller = try await context.caller()
        var structure: StructureIdentifier?
        if list.structure.isEmpty {
            guard caller.isAdministrator else {
                throw WireError(.forbidden, "le journal complet est réservé aux administrateurs ; précisez --structure")
            }
        } else {
            structure = try WireArguments.structure(list.structure)
            try caller.requireManager(of: structure!)
        }
        let entries = try await context.store.auditEntries(
            structure: structure, limit: list.limit == 0 ? 100 : Int(min(list.limit, 1000)), beforeID: list.beforeID == 0 ? nil : list.beforeID
        )
        return .with {
            $0.entries = entries.map { entry in
                .with {
                    $0.id = entry.id
                    $0.atUnixMs = entry.at
                    $0.actor = entry.actor
                    $0.action = entry.action
                    $0.structure = entry.structure?.description ?? ""
                    $0.target = entry.target
                    $0.before = entry.before
                    $0.after = entry.after
                }
            }
        }
    }
}
