import FacturoDomain
import FacturoStore

/// Nothing crosses a structure's boundary without its managers seeing it:
/// an attempt from outside on a structure's technical account is refused
/// with the answer an unknown account gets, and written to the owner's
/// audit (`access.refused`, with who tried what, naming which structure).
/// The attempt is never told apart from an unknown account by its caller.
enum RefusedAttempts {
    static func onTechnicalAccount(
        _ account: User, operation: String, namedStructure: StructureIdentifier?, _ caller: Caller, _ context: RequestContext
    ) async {
        guard account.isTechnical else { return }
        do {
            guard let owner = try await context.store.owner(ofTechnicalAccount: account.id), owner != namedStructure else { return }
            try await context.store.recordRefusedAttempt(
                on: owner, target: account.email.value, operation: operation, namedStructure: namedStructure, by: caller.actor
            )
            context.logger.notice("refused attempt on another structure's technical account", metadata: [
                "account": "\(account.email)", "operation": "\(operation)", "by": "\(caller.user.email)",
            ])
        } catch {
            // The refusal stands whatever happens to its trace.
            context.logger.error("refused attempt not audited", metadata: ["error": "\(error)"])
        }
    }
}
