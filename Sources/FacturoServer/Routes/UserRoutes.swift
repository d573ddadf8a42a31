import FacturoDomain
import FacturoStore
import FacturoWire
import NIOCore

/// Accounts and attachments (rattachements). Administrators manage every
/// account; managers create accounts in their structure and attach, detach
/// and promote there, within the roster rules.
enum UserRoutes {
    static func register(_ router: inout Router) {
        router.on(UserCatalogue.create, create)
        // Paged in memory from the whole list (every account, for administrators).
        router.on(UserCatalogue.list, placement: .sharedPool, list)
        router.on(UserCatalogue.setActive, setActive)
        router.on(UserCatalogue.changePassword, changePassword)
        router.on(UserCatalogue.resetPassword, resetPassword)
        router.on(UserCatalogue.attach, attach)
        router.on(UserCatalogue.detach, detach)
        router.on(UserCatalogue.setRole, setRole)
    }

    @Sendable static func create(_ create: Facturo_V1_UserCreateRequest, _ context: RequestContext) async throws -> Facturo_V1_UserCreateResponse {
        let caller = try await context.caller()
        var attachment: StructureAttachment?
        var structureText = create.structure
        if structureText.isEmpty, !caller.isAdministrator {
            // A manager's new user joins the manager's structure.
            let managed = caller.policy.attachments.filter { $0.role.isManager }
            guard managed.count == 1 else {
                throw WireError(managed.isEmpty ? .forbidden : .invalidArgument, managed.isEmpty
                    ? "réservé aux administrateurs et aux gestionnaires de structure"
                    : "vous gérez plusieurs structures : précisez laquelle (structure)")
            }
            structureText = managed[0].structure.description
        }
        if !structureText.isEmpty {
            let structure = try WireArguments.structure(structureText)
            try caller.requireManager(of: structure)
            // The roster rules decide whether this caller may give this role.
            var roster = try await context.store.roster(of: structure)
            let codes = try await services(create.services, of: structure, context)
            let change: StructureRoster.Change
            do {
                change = try roster.attach(UserID(rawValue: 0), role: StructureAttachment.Role(parsing: create.role), serviceCodes: codes, by: caller.rosterActor)
            } catch { throw WireError(error) }
            guard change.upserts.count == 1 else {
                throw WireError(.invalidArgument, "pour désigner un nouveau gestionnaire principal, créez le compte puis utilisez « user role »")
            }
            attachment = change.upserts[0]
        } else {
            try caller.requireAdministrator()
        }
        let email = try WireArguments.email(create.email)
        guard let kind = AccountKind(rawValue: create.kind.isEmpty ? AccountKind.entreprise.rawValue : create.kind) else {
            throw WireError(.invalidArgument, "type de compte inconnu : \(create.kind.quotedForMessage) (\(AccountKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        // The accountant sets the accounting statuses of the structures it
        // reads: a structure's manager making one would pay itself.
        guard kind != .comptablePublic || caller.isAdministrator else {
            throw WireError(.forbidden, "un compte « Comptable public » représente la comptabilité publique : seuls les administrateurs de la plateforme le créent")
        }
        do {
            try User.validateDisplayName(create.displayName)
            try PasswordPolicy.validate(create.password)
        } catch { throw WireError(error) }
        let hash = try await context.authenticator.hash(create.password)
        let user = try await context.store.createUser(
            NewUser(email: email, displayName: create.displayName, kind: kind, isPlatformAdministrator: false, passwordHash: hash),
            attachment: attachment, by: caller.actor
        )
        context.logger.info("user created", metadata: ["user": "\(user.email)", "by": "\(caller.user.email)"])
        return .with { $0.user = .init(account: user) }
    }

    @Sendable static func list(_ list: Facturo_V1_UserListRequest, _ context: RequestContext) async throws -> Facturo_V1_UserListResponse {
        let caller = try await context.caller()
        let paging = try Paging(limit: list.limit, cursor: list.cursor)
        var roles: [UserID: StructureAttachment] = [:]
        let users: [User]
        if list.structure.isEmpty {
            try caller.requireAdministrator()
            users = try await context.store.users(attachedTo: nil)
        } else {
            let structure = try WireArguments.structure(list.structure)
            try caller.requireManagerOr(.utilisateurs, .consultation, on: structure)
            users = try await context.store.users(attachedTo: structure)
            for attachment in try await context.store.roster(of: structure).attachments { roles[attachment.user] = attachment }
        }
        let page = paging.page(users) { $0.email.value }
        return .with {
            $0.users = page.items.map { user in
                .with {
                    $0.user = .init(account: user)
                    $0.role = roles[user.id]?.role.rawValue ?? ""
                    $0.services = roles[user.id]?.serviceCodes?.sorted() ?? []
                }
            }
            $0.nextCursor = page.nextCursor
            $0.total = UInt32(page.total)
        }
    }

    @Sendable static func setActive(_ change: Facturo_V1_UserSetActiveRequest, _ context: RequestContext) async throws -> Facturo_V1_UserSetActiveResponse {
        let caller = try await context.caller()
        try caller.requireAdministrator()
        let target = try await existingUser(change.email, context)
        guard target.id != caller.user.id else { throw WireError(.invalidArgument, "vous ne pouvez pas désactiver votre propre compte") }
        try await context.store.setUserActive(target.id, change.active, by: caller.actor)
        if !change.active {
            // Committed first: a session ended here cannot be revived by a
            // later re-activation, and its next login is refused.
            context.events.endSessions(of: target.id, code: .accountDisabled, notice: "ce compte vient d'être désactivé par un administrateur")
        }
        return Facturo_V1_UserSetActiveResponse()
    }

    @Sendable static func changePassword(_ change: Facturo_V1_PasswordChangeRequest, _ context: RequestContext) async throws -> Facturo_V1_PasswordChangeResponse {
        let caller = try await context.caller()
        guard !caller.user.isTechnical else { throw WireError(.forbidden, "un compte technique n'a pas de mot de passe") }
        do { try PasswordPolicy.validate(change.newPassword) } catch { throw WireError(error) }
        // The old password is checked like a login, throttle included.
        _ = try await context.authenticator.authenticate(email: caller.user.email.value, password: change.oldPassword, origin: context.kdfOrigin, certificate: context.request.clientCertificateFingerprint?.hex, logger: context.logger)
        let hash = try await context.authenticator.hash(change.newPassword)
        try await context.store.setPasswordHash(caller.user.id, hash, by: caller.actor)
        return Facturo_V1_PasswordChangeResponse()
    }

    @Sendable static func resetPassword(_ reset: Facturo_V1_PasswordResetRequest, _ context: RequestContext) async throws -> Facturo_V1_PasswordResetResponse {
        let caller = try await context.caller()
        try caller.requireAdministrator()
        let target = try await existingUser(reset.email, context)
        guard !target.isTechnical else { throw WireError(.invalidArgument, "un compte technique n'a pas de mot de passe") }
        do { try PasswordPolicy.validate(reset.newPassword) } catch { throw WireError(error) }
        let hash = try await context.authenticator.hash(reset.newPassword)
        try await context.store.setPasswordHash(target.id, hash, by: caller.actor)
        return Facturo_V1_PasswordResetResponse()
    }

    /// Administrators only: a person joins a structure they did not create
    /// with their own consent (`request attach`, approved by a manager),
    /// never by a manager's unilateral act; a technical account never joins
    /// another structure than its own.
    @Sendable static func attach(_ attach: Facturo_V1_AttachRequest, _ context: RequestContext) async throws -> Facturo_V1_AttachResponse {
        let caller = try await context.caller()
        guard caller.isAdministrator else {
            // A manager reaching for another structure's system: its owner hears of it.
            if let structure = try? WireArguments.structure(attach.structure), caller.policy.manages(structure),
               let target = try? await context.store.user(email: WireArguments.email(attach.email)) {
                await RefusedAttempts.onTechnicalAccount(target, operation: "user attach", namedStructure: structure, caller, context)
            }
            throw WireError(.forbidden, "un compte existant se rattache à une structure à la demande de son titulaire (request attach), approuvée par un gestionnaire ; pour un nouveau compte : user create")
        }
        var (_, structure, target, roster) = try await managedTarget(attach.structure, attach.email, operation: "user attach", context)
        let codes = try await services(attach.services, of: structure, context)
        try await changeRoster(&roster, caller, context) { roster throws(DomainError) in
            try roster.attach(target.id, technical: target.isTechnical, role: try StructureAttachment.Role(parsing: attach.role), serviceCodes: codes, by: caller.rosterActor)
        }
        return Facturo_V1_AttachResponse()
    }

    @Sendable static func detach(_ detach: Facturo_V1_DetachRequest, _ context: RequestContext) async throws -> Facturo_V1_DetachResponse {
        var (caller, _, target, roster) = try await managedTarget(detach.structure, detach.email, operation: "user detach", context)
        try await changeRoster(&roster, caller, context) { roster throws(DomainError) in
            try roster.detach(target.id, technical: target.isTechnical, by: caller.rosterActor)
        }
        return Facturo_V1_DetachResponse()
    }

    @Sendable static func setRole(_ change: Facturo_V1_SetRoleRequest, _ context: RequestContext) async throws -> Facturo_V1_SetRoleResponse {
        var (caller, _, target, roster) = try await managedTarget(change.structure, change.email, operation: "user role", context)
        try await changeRoster(&roster, caller, context) { roster throws(DomainError) in
            try roster.setRole(of: target.id, technical: target.isTechnical, to: try StructureAttachment.Role(parsing: change.role), by: caller.rosterActor)
        }
        return Facturo_V1_SetRoleResponse()
    }

    // MARK: - Helpers

    /// The caller, who must manage `structureText`, the account `email`
    /// they act on and the structure's roster: what every roster or
    /// habilitation change by a manager starts with. A manager sees the
    /// accounts attached to their structure and no other: an unknown e-mail
    /// and another structure's account get the same NOT_FOUND, so the
    /// answer never tells which accounts exist.
    static func managedTarget(
        _ structureText: String, _ email: String, operation: String, _ context: RequestContext
    ) async throws -> (Caller, StructureIdentifier, User, StructureRoster) {
        let caller = try await context.caller()
        let structure = try WireArguments.structure(structureText)
        try caller.requireManager(of: structure)
        let address = try WireArguments.email(email)
        let roster = try await context.store.roster(of: structure)
        let target = try await context.store.user(email: address)
        guard let target, caller.isAdministrator || roster.attachment(of: target.id) != nil else {
            if let target { await RefusedAttempts.onTechnicalAccount(target, operation: operation, namedStructure: structure, caller, context) }
            throw WireError(.notFound, "aucun compte \(address) rattaché à la structure \(structure)")
        }
        return (caller, structure, target, roster)
    }

    private static func changeRoster(
        _ roster: inout StructureRoster, _ caller: Caller, _ context: RequestContext,
        _ rule: (inout StructureRoster) throws(DomainError) -> StructureRoster.Change
    ) async throws {
        let change: StructureRoster.Change
        do { change = try rule(&roster) } catch { throw WireError(error) }
        guard !change.upserts.isEmpty || !change.removals.isEmpty else { return }
        try await context.store.apply(change, to: roster.structure, by: caller.actor)
    }

    static func existingUser(_ rawEmail: String, _ context: RequestContext) async throws -> User {
        let email = try WireArguments.email(rawEmail)
        guard let user = try await context.store.user(email: email) else {
            throw WireError(.notFound, "aucun compte \(email)")
        }
        return user
    }

    /// Service restrictions must name services of the structure.
    static func services(_ codes: [String], of structure: StructureIdentifier, _ context: RequestContext) async throws -> Set<String>? {
        guard !codes.isEmpty else { return nil }
        for code in codes { _ = try WireArguments.optionalService(code) }
        guard let known = try await context.store.structure(structure) else { throw Caller.invisible(structure) }
        for code in codes where known.service(code) == nil {
            throw WireError(.notFound, "service \(code) inconnu dans la structure \(structure)")
        }
        return Set(codes)
    }
}
