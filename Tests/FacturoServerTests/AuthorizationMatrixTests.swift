import FacturoClient
import FacturoWire
import Foundation
import Testing

/// Every organisation command run as each role on the Commune de Démo, and
/// on targets of ACME (a second structure: its manager, its technical
/// account) named through the commune: the outcome is checked, and a
/// refusal must leave the database as it was.
@Suite struct AuthorizationMatrixTests {
    typealias Role = OrganisationFixture.Role
    typealias Fixture = OrganisationFixture
    static let commune = OrganisationFixture.commune

    struct Operation: Sendable {
        var name: String
        /// Outcome for a logged-in role (anonymous is always AUTH_REQUIRED).
        var expected: @Sendable (Role) -> CallOutcome
        /// Whether the refusal is written to ACME's audit (`access.refused`):
        /// an attempt on its technical account by someone who may act on
        /// the structure they named.
        var auditedOnACME: @Sendable (Role) -> Bool = { _ in false }
        var run: @Sendable (FacturoConnection, Role) async throws -> Void
    }

    static let everyone: @Sendable (Role) -> CallOutcome = { _ in .allowed }
    static let administratorsOnly: @Sendable (Role) -> CallOutcome = { $0 == .administrator ? .allowed : .refused("FORBIDDEN") }
    /// Managers of the commune and administrators; other structures never see it.
    static let managers: @Sendable (Role) -> CallOutcome = { role in
        switch role {
        case .manager, .secondaryManager, .administrator: .allowed
        case .otherStructure, .anonymous: .refused("NOT_FOUND")
        case .consultation, .modification: .refused("FORBIDDEN")
        }
    }
    /// Managers, or users holding the application in modification.
    static let modifiers: @Sendable (Role) -> CallOutcome = { role in
        switch role {
        case .manager, .secondaryManager, .administrator, .modification: .allowed
        case .otherStructure, .anonymous: .refused("NOT_FOUND")
        case .consultation: .refused("FORBIDDEN")
        }
    }
    static let readers: @Sendable (Role) -> CallOutcome = { role in
        role == .otherStructure ? .refused("NOT_FOUND") : .allowed
    }
    /// Acts on the managers or the principal: the principal and administrators.
    static let principalOnly: @Sendable (Role) -> CallOutcome = { role in
        switch role {
        case .manager, .administrator: .allowed
        case .otherStructure, .anonymous: .refused("NOT_FOUND")
        case .consultation, .modification, .secondaryManager: .refused("FORBIDDEN")
        }
    }
    /// Another structure's object named through the commune: nobody reaches
    /// it; managers are told it is not there (as for an unknown e-mail).
    static func foreign(manager: String, administrator: String, modification: String = "FORBIDDEN") -> @Sendable (Role) -> CallOutcome {
        { role in
            switch role {
            case .administrator: .refused(administrator)
            case .manager, .secondaryManager: .refused(manager)
            case .modification: .refused(modification)
            case .consultation: .refused("FORBIDDEN")
            case .otherStructure, .anonymous: .refused("NOT_FOUND")
            }
        }
    }

    static let operations: [Operation] = [
        Operation(name: "directory search", expected: everyone) { c, _ in
            _ = try await c.call(DirectoryCatalogue.search, Facturo_V1_DirectorySearchRequest.with { $0.name = "demo" })
        },
        Operation(name: "directory show", expected: everyone) { c, _ in
            _ = try await c.call(DirectoryCatalogue.show, Facturo_V1_StructureShowRequest.with { $0.structure = commune })
        },
        Operation(name: "my habilitations", expected: everyone) { c, _ in
            _ = try await c.call(HabilitationCatalogue.mine, Facturo_V1_MyHabilitationsRequest())
        },
        Operation(name: "directory update", expected: modifiers) { c, role in
            _ = try await c.call(DirectoryCatalogue.update, Facturo_V1_StructureUpdateRequest.with {
                $0.structure = commune
                $0.addressLine = "2 place de la Mairie (\(role.rawValue))"
            })
        },
        Operation(name: "service save", expected: modifiers) { c, role in
            _ = try await c.call(DirectoryCatalogue.saveService, Facturo_V1_ServiceSaveRequest.with {
                $0.structure = commune
                $0.service.code = "PARCS"
                $0.service.label = "Parcs (\(role.rawValue))"
                $0.service.active = true
            })
        },
        Operation(name: "directory create", expected: administratorsOnly) { c, _ in
            _ = try await c.call(DirectoryCatalogue.create, Facturo_V1_StructureCreateRequest.with {
                $0.structure.identifier = "44306184100047"
                $0.structure.name = "NOUVELLE STRUCTURE"
            })
        },
        Operation(name: "directory import", expected: administratorsOnly) { c, _ in
            _ = try await c.call(DirectoryCatalogue.importChunk, Facturo_V1_DirectoryImportRequest.with {
                $0.importID = "matrix"
                $0.header = ["identifiant", "raison_sociale", "publique"]
                $0.records = [.with { $0.line = 2; $0.fields = ["51782143000017", "IMPORTEE", "non"] }]
                $0.first = true
                $0.last = true
            })
        },
        Operation(name: "user create", expected: managers) { c, role in
            _ = try await c.call(UserCatalogue.create, Facturo_V1_UserCreateRequest.with {
                $0.email = "nouveau.\(role.rawValue)@demo.facturo.fr"
                $0.displayName = "Nouveau"
                $0.kind = "Entité publique"
                $0.password = "un mot de passe neuf"
                $0.structure = commune
            })
        },
        Operation(name: "user list", expected: readers) { c, _ in
            _ = try await c.call(UserCatalogue.list, Facturo_V1_UserListRequest.with { $0.structure = commune })
        },
        // A manager never attaches an existing account: its holder asks (request attach).
        Operation(name: "user attach", expected: administratorsOnly) { c, _ in
            _ = try await c.call(UserCatalogue.attach, Facturo_V1_AttachRequest.with { $0.email = "association@demo.facturo.fr"; $0.structure = commune })
        },
        Operation(name: "habilitation grant", expected: managers) { c, _ in
            _ = try await c.call(HabilitationCatalogue.grant, Facturo_V1_HabilitationChangeRequest.with {
                $0.email = Fixture.agent; $0.structure = commune; $0.application = "factures_recues"; $0.level = "modification"
            })
        },
        Operation(name: "habilitation list", expected: readers) { c, _ in
            _ = try await c.call(HabilitationCatalogue.list, Facturo_V1_HabilitationListRequest.with { $0.structure = commune })
        },
        Operation(name: "habilitation revoke", expected: managers) { c, _ in
            _ = try await c.call(HabilitationCatalogue.revoke, Facturo_V1_HabilitationChangeRequest.with {
                $0.email = Fixture.agent; $0.structure = commune; $0.application = "factures_recues"; $0.level = "consultation"
            })
        },
        // Naming a manager is the principal's.
        Operation(name: "user role", expected: principalOnly) { c, _ in
            _ = try await c.call(UserCatalogue.setRole, Facturo_V1_SetRoleRequest.with {
                $0.email = Fixture.agent; $0.structure = commune; $0.role = "gestionnaire_secondaire"
            })
        },
        // A secondary manager once removed the others by demoting them first.
        Operation(name: "demote a manager", expected: principalOnly) { c, _ in
            _ = try await c.call(UserCatalogue.setRole, Facturo_V1_SetRoleRequest.with {
                $0.email = Fixture.otherSecondary; $0.structure = commune; $0.role = "utilisateur"
            })
        },
        Operation(name: "revoke the principal's habilitation", expected: principalOnly) { c, _ in
            _ = try await c.call(HabilitationCatalogue.revoke, Facturo_V1_HabilitationChangeRequest.with {
                $0.email = Fixture.principal; $0.structure = commune; $0.application = "utilisateurs"; $0.level = "modification"
            })
        },
        // The agent is a secondary manager by now for the principal and
        // administrators (user role): detaching them is theirs too.
        Operation(name: "user detach", expected: { role in
            role == .secondaryManager ? .allowed : principalOnly(role)
        }) { c, _ in
            _ = try await c.call(UserCatalogue.detach, Facturo_V1_DetachRequest.with { $0.email = Fixture.agent; $0.structure = commune })
        },
        // ACME's objects, named through the commune.
        Operation(name: "attach another structure's technical account", expected: { role in
            role == .administrator ? .refused("ROLE_RULE") : .refused("FORBIDDEN")
        }, auditedOnACME: { [.manager, .secondaryManager].contains($0) }) { c, _ in
            _ = try await c.call(UserCatalogue.attach, Facturo_V1_AttachRequest.with { $0.email = Fixture.acmeSystem; $0.structure = commune })
        },
        Operation(name: "rebind another structure's technical account", expected: foreign(manager: "NOT_FOUND", administrator: "NOT_FOUND"),
                  auditedOnACME: { [.manager, .secondaryManager, .administrator].contains($0) }) { c, _ in
            _ = try await c.call(TechnicalAccountCatalogue.rebind, Facturo_V1_TechnicalAccountRebindRequest.with {
                $0.structure = commune; $0.email = Fixture.acmeSystem; $0.certificateSha256 = String(repeating: "ee", count: 32)
            })
        },
        Operation(name: "revoke another structure's technical account", expected: foreign(manager: "NOT_FOUND", administrator: "NOT_FOUND", modification: "NOT_FOUND"),
                  auditedOnACME: { [.manager, .secondaryManager, .administrator, .modification].contains($0) }) { c, _ in
            _ = try await c.call(TechnicalAccountCatalogue.revoke, Facturo_V1_TechnicalAccountRevokeRequest.with { $0.structure = commune; $0.email = Fixture.acmeSystem })
        },
        Operation(name: "detach another structure's manager", expected: foreign(manager: "NOT_FOUND", administrator: "NOT_ATTACHED")) { c, _ in
            _ = try await c.call(UserCatalogue.detach, Facturo_V1_DetachRequest.with { $0.email = Fixture.acmeManager; $0.structure = commune })
        },
        Operation(name: "demote another structure's manager", expected: foreign(manager: "NOT_FOUND", administrator: "NOT_ATTACHED")) { c, _ in
            _ = try await c.call(UserCatalogue.setRole, Facturo_V1_SetRoleRequest.with { $0.email = Fixture.acmeManager; $0.structure = commune; $0.role = "utilisateur" })
        },
        Operation(name: "grant to another structure's account", expected: foreign(manager: "NOT_FOUND", administrator: "NOT_ATTACHED"),
                  auditedOnACME: { [.manager, .secondaryManager].contains($0) }) { c, _ in
            _ = try await c.call(HabilitationCatalogue.grant, Facturo_V1_HabilitationChangeRequest.with {
                $0.email = Fixture.acmeSystem; $0.structure = commune; $0.application = "structures"; $0.level = "modification"
            })
        },
        Operation(name: "habilitations of another structure's account", expected: readers) { c, _ in
            let answer = try await c.call(HabilitationCatalogue.list, Facturo_V1_HabilitationListRequest.with { $0.structure = commune; $0.email = Fixture.acmeManager })
            #expect(answer.habilitations.isEmpty)
        },
        // Whoever chooses a technical account's certificate can act as it.
        Operation(name: "techaccount create", expected: managers) { c, role in
            _ = try await c.call(TechnicalAccountCatalogue.create, Facturo_V1_TechnicalAccountCreateRequest.with {
                $0.structure = commune
                $0.email = "erp.\(role.rawValue)@demo.facturo.fr"
                $0.certificateSha256 = String(repeating: "ab", count: 32)
            })
        },
        Operation(name: "techaccount list", expected: modifiers) { c, _ in
            _ = try await c.call(TechnicalAccountCatalogue.list, Facturo_V1_TechnicalAccountListRequest.with { $0.structure = commune })
        },
        Operation(name: "request add", expected: { role in
            switch role {
            case .consultation, .modification, .manager, .secondaryManager: .allowed
            default: .refused("NOT_FOUND")
            }
        }) { c, _ in
            _ = try await c.call(HabilitationCatalogue.createRequest, Facturo_V1_HabilitationRequestCreateRequest.with {
                $0.structure = commune; $0.kind = "add"; $0.application = "factures_emises"; $0.level = "consultation"
            })
        },
        // Joining a structure is asked by the person; attached ones ask for habilitations.
        Operation(name: "request attach", expected: { role in
            [.otherStructure, .administrator].contains(role) ? .allowed : .refused("ALREADY_ATTACHED")
        }) { c, _ in
            _ = try await c.call(HabilitationCatalogue.createRequest, Facturo_V1_HabilitationRequestCreateRequest.with {
                $0.structure = commune; $0.kind = "attach"; $0.application = "factures_emises"; $0.level = "consultation"
            })
        },
        // The supplier manages its own structure: it gets a list, never the commune's requests.
        Operation(name: "request list (managed)", expected: { role in
            [.manager, .secondaryManager, .administrator, .otherStructure].contains(role) ? .allowed : .refused("FORBIDDEN")
        }) { c, role in
            let answer = try await c.call(HabilitationCatalogue.listRequests, Facturo_V1_HabilitationRequestListRequest())
            if role == .otherStructure { #expect(answer.requests.allSatisfy { $0.structure != commune }) }
        },
        Operation(name: "request list of the structure", expected: managers) { c, _ in
            _ = try await c.call(HabilitationCatalogue.listRequests, Facturo_V1_HabilitationRequestListRequest.with { $0.structure = commune })
        },
        Operation(name: "my requests", expected: everyone) { c, _ in
            _ = try await c.call(HabilitationCatalogue.listRequests, Facturo_V1_HabilitationRequestListRequest.with { $0.mine = true })
        },
        Operation(name: "audit of the structure", expected: managers) { c, _ in
            _ = try await c.call(AuditCatalogue.list, Facturo_V1_AuditListRequest.with { $0.structure = commune })
        },
        Operation(name: "audit of everything", expected: administratorsOnly) { c, _ in
            _ = try await c.call(AuditCatalogue.list, Facturo_V1_AuditListRequest())
        },
        Operation(name: "user deactivate", expected: administratorsOnly) { c, _ in
            _ = try await c.call(UserCatalogue.setActive, Facturo_V1_UserSetActiveRequest.with { $0.email = "association@demo.facturo.fr"; $0.active = false })
        },
        Operation(name: "request approve", expected: { role in
            switch role {
            case .manager, .secondaryManager, .administrator: .allowed
            // The requester may not decide their own request.
            case .consultation: .refused("FORBIDDEN")
            default: .refused("NOT_FOUND")
            }
        }) { c, _ in
            _ = try await c.call(HabilitationCatalogue.decideRequest, Facturo_V1_HabilitationRequestDecideRequest.with { $0.id = 1; $0.decision = "approve"; $0.comment = "ok" })
        },
        // Rebinding is a manager's: a holder of raccordements could log in as the account.
        Operation(name: "techaccount rebind", expected: managers) { c, _ in
            _ = try await c.call(TechnicalAccountCatalogue.rebind, Facturo_V1_TechnicalAccountRebindRequest.with {
                $0.structure = commune; $0.email = Fixture.communeSystem; $0.certificateSha256 = String(repeating: "ef", count: 32)
            })
        },
        Operation(name: "techaccount revoke", expected: modifiers) { c, _ in
            _ = try await c.call(TechnicalAccountCatalogue.revoke, Facturo_V1_TechnicalAccountRevokeRequest.with {
                $0.structure = commune; $0.email = "erp.mairie@demo.facturo.fr"
            })
        },
        Operation(name: "user activate", expected: administratorsOnly) { c, _ in
            _ = try await c.call(UserCatalogue.setActive, Facturo_V1_UserSetActiveRequest.with { $0.email = "association@demo.facturo.fr"; $0.active = true })
        },
        Operation(name: "password reset", expected: administratorsOnly) { c, _ in
            _ = try await c.call(UserCatalogue.resetPassword, Facturo_V1_PasswordResetRequest.with { $0.email = "association@demo.facturo.fr"; $0.newPassword = "un autre mot de passe" })
        },
        // Last: it changes the caller's own password.
        Operation(name: "password change", expected: everyone) { c, _ in
            _ = try await c.call(UserCatalogue.changePassword, Facturo_V1_PasswordChangeRequest.with {
                $0.oldPassword = OrganisationFixture.password; $0.newPassword = "un nouveau mot de passe"
            })
        },
    ]

    @Test(arguments: Role.allCases)
    func everyOperation(as role: Role) async throws {
        let fixture = try await OrganisationFixture.start()
        let connection = try await fixture.connect(as: role)
        for operation in Self.operations {
            let expected: CallOutcome = role == .anonymous ? .refused("AUTH_REQUIRED") : operation.expected(role)
            let before = try await fixture.snapshot()
            let attemptsBefore = try await fixture.refusedAttemptsOnACME()
            let outcome = await CallOutcome.of { try await operation.run(connection, role) }
            #expect(outcome == expected, "\(operation.name) as \(role.rawValue)")
            if outcome != .allowed {
                let after = try await fixture.snapshot()
                #expect(before == after, "\(operation.name) as \(role.rawValue) was refused but changed data")
            }
            let audited = role != .anonymous && operation.auditedOnACME(role)
            #expect(try await fixture.refusedAttemptsOnACME() == attemptsBefore + (audited ? 1 : 0), "\(operation.name) as \(role.rawValue): ACME's audit")
        }
        await connection.close()
        try await fixture.server.shutdown()
    }
}
