import FacturoStore
import Logging

/// What organisation handlers share: the store, the running server (for
/// events and settings), password hashing, staged imports, the logger.
struct OrganisationContext: Sendable {
    let store: any Store
    let runtime: ServerRuntime
    let authenticator: Authenticator
    let logger: Logger
    var staging: ImportStaging { runtime.importStaging }

    func caller(_ request: InboundRequest) async throws -> Caller {
        try await Caller.load(request, store: store, runtime: runtime)
    }
}
