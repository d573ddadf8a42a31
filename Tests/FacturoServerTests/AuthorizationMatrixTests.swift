import FacturoClient
import FacturoWire
import Foundation
import Testing

/// Every organisation command run as each role on the Commune de Démo: the
/// outcome is checked, and a refusal must leave the database as it was.
@Suite struct AuthorizationMatrixTests {
    typealias Role = OrganisationFixture.Role
    static let commune = OrganisationFixture.commune

    struct Operation: Sendable {
        var name: String
        /// Outcome for a logged-in role (anonymous is always AUTH_REQUIRED).
        var expected: @Sendable (Role) -> CallOutcome
        var run: @Sendable (FacturoConnection, Role) async throws -> Void
    }

    static let everyone: @Sendable (Role) -> CallOutcome = { _ in .allowed }
    static let administratorsOnly: @Sendable (Role) -> CallOutcome = { $0 == .administrator ? .allowed : .refused("FORBIDDEN") }
    /// Managers of the commune and administrators; other structures never see it.
    static let managers: @Sendable (Role) -> CallOutcome = { role in
        switch role {
        case .manager, .administrator: .allowed
        case .otherStructure, .anonymous: .refused("NOT_FOUND")
        case .consultation, .modification: .refused("FORBIDDEN")
        }
    }
    /// Managers, or users holding the application in modification.
    static let modifiers: @Sendable (Role) -> CallOutcome = { role in
        switch role {
        case .manager, .administrator, .modification: .allowed
        case .otherStructure, .anonymous: .refused("NOT_FOUND")
        case .consultation: .refused("FORBIDDEN")
        }
    }
    static let readers: @Sendable (Role) -> CallOutcome = { role in
        role == .otherStructure ? .refused("NOT_FOUND") : .allowed
    }

    static let operations: [Operation] = [
        Operation(name: "directory search", expected: everyone) { c, _ in
            _ = try await c.call(.directorySearch, Facturo_V1_DirectorySearchRequest.with { $0.name = "demo" }, as: Facturo_V1_DirectorySearchResponse.self)
        },
        Operation(name: "directory show", expected: everyone) { c, _ in
            _ = try await c.call(.structureShow, Facturo_V1_StructureShowRequest.with { $0.structure = commune }, as: Facturo_V1_StructureShowResponse.self)
        },
        Operation(name: "my habilitations", expected: everyone) { c, _ in
            _ = try await c.call(.myHabilitations, Facturo_V1_MyHabilitationsRequest(), as: Facturo_V1_MyHabilitationsResponse.self)
        },
        Operation(name: "directory update", expected: modifiers) { c, role in
            _ = try await c.call(.structureUpdate, Facturo_V1_StructureUpdateRequest.with {
                $0.structure = commune
                $0.addressLine = "2 place de la Mairie (\(role.rawValue))"
            }, as: Facturo_V1_StructureUpdateResponse.self)
        },
        Operation(name: "service save", expected: modifiers) { c, role in
            _ = try await c.call(.serviceSave, Facturo_V1_ServiceSaveRequest.with {
                $0.structure = commune
                $0.service.code = "PARCS"
                $0.service.label = "Parcs (\(role.rawValue))"
                $0.service.active = true
            }, as: Facturo_V1_ServiceSaveResponse.self)
        },
        Operation(name: "directory create", expected: administratorsOnly) { c, _ in
            _ = try await c.call(.structureCreate, Facturo_V1_StructureCreateRequest.with {
                $0.structure.identifier = "44306184100047"
                $0.structure.name = "NOUVELLE STRUCTURE"
            }, as: Facturo_V1_StructureCreateResponse.self)
        },
        Operation(name: "directory import", expected: administratorsOnly) { c, _ in
            _ = try await c.call(.directoryImport, Facturo_V1_DirectoryImportRequest.with {
                $0.importID = "matrix"
                $0.header = ["identifiant", "raison_sociale", "publique"]
                $0.records = [.with { $0.line = 2; $0.fields = ["51782143000017", "IMPORTEE", "non"] }]
                $0.first = true
                $0.last = true
            }, as: Facturo_V1_DirectoryImportResponse.self)
        },
        Operation(name: "user create", expected: managers) { c, role in
            _ = try await c.call(.userCreate, Facturo_V1_UserCreateRequest.with {
                $0.email = "nouveau.\(role.rawValue)@demo.facturo.fr"
                $0.displayName = "Nouveau"
                $0.kind = "Entité publique"
                $0.password = "un mot de passe neuf"
                $0.structure = commune
            }, as: Facturo_V1_UserCreateResponse.self)
        },
        Operation(name: "user list", expected: readers) { c, _ in
            _ = try await c.call(.userList, Facturo_V1_UserListRequest.with { $0.structure = commune }, as: Facturo_V1_UserListResponse.self)
        },
        Operation(name: "user attach", expected: managers) { c, _ in
            _ = try await c.call(.attach, Facturo_V1_AttachRequest.with { $0.email = "association@demo.facturo.fr"; $0.structure = commune }, as: Facturo_V1_AttachResponse.self)
        },
        Operation(name: "habilitation grant", expected: managers) { c, _ in
            _ = try await c.call(.habilitationGrant, Facturo_V1_HabilitationChangeRequest.with {
                $0.email = "association@demo.facturo.fr"; $0.structure = commune; $0.application = "factures_recues"; $0.level = "modification"
            }, as: Facturo_V1_HabilitationChangeResponse.self)
        },
        Operation(name: "habilitation list", expected: readers) { c, _ in
            _ = try await c.call(.habilitationList, Facturo_V1_HabilitationListRequest.with { $0.structure = commune }, as: Facturo_V1_HabilitationListResponse.self)
        },
        Operation(name: "habilitation revoke", expected: managers) { c, _ in
            _ = try await c.call(.habilitationRevoke, Facturo_V1_HabilitationChangeRequest.with {
                $0.email = "association@demo.facturo.fr"; $0.structure = commune; $0.application = "factures_recues"; $0.level = "consultation"
            }, as: Facturo_V1_HabilitationChangeResponse.self)
        },
        Operation(name: "user role", expected: managers) { c, _ in
            _ = try await c.call(.setRole, Facturo_V1_SetRoleRequest.with {
                $0.email = "association@demo.facturo.fr"; $0.structure = commune; $0.role = "gestionnaire_secondaire"
            }, as: Facturo_V1_SetRoleResponse.self)
        },
        Operation(name: "user detach", expected: managers) { c, _ in
            _ = try await c.call(.detach, Facturo_V1_DetachRequest.with { $0.email = "association@demo.facturo.fr"; $0.structure = commune }, as: Facturo_V1_DetachResponse.self)
        },
        Operation(name: "techaccount create", expected: modifiers) { c, role in
            _ = try await c.call(.technicalAccountCreate, Facturo_V1_TechnicalAccountCreateRequest.with {
                $0.structure = commune
                $0.email = "erp.\(role.rawValue)@demo.facturo.fr"
                $0.certificateSha256 = String(repeating: "ab", count: 32)
            }, as: Facturo_V1_TechnicalAccountCreateResponse.self)
        },
        Operation(name: "techaccount list", expected: modifiers) { c, _ in
            _ = try await c.call(.technicalAccountList, Facturo_V1_TechnicalAccountListRequest.with { $0.structure = commune }, as: Facturo_V1_TechnicalAccountListResponse.self)
        },
        Operation(name: "request add", expected: { role in
            switch role {
            case .consultation, .modification, .manager: .allowed
            default: .refused("NOT_FOUND")
            }
        }) { c, _ in
            _ = try await c.call(.requestCreate, Facturo_V1_RequestCreateRequest.with {
                $0.structure = commune; $0.kind = "add"; $0.application = "factures_emises"; $0.level = "consultation"
            }, as: Facturo_V1_RequestCreateResponse.self)
        },
        // The supplier manages its own structure: it gets a list, never the commune's requests.
        Operation(name: "request list (managed)", expected: { role in
            [.manager, .administrator, .otherStructure].contains(role) ? .allowed : .refused("FORBIDDEN")
        }) { c, role in
            let answer = try await c.call(.requestList, Facturo_V1_RequestListRequest(), as: Facturo_V1_RequestListResponse.self)
            if role == .otherStructure { #expect(answer.requests.allSatisfy { $0.structure != commune }) }
        },
        Operation(name: "request list of the structure", expected: managers) { c, _ in
            _ = try await c.call(.requestList, Facturo_V1_RequestListRequest.with { $0.structure = commune }, as: Facturo_V1_RequestListResponse.self)
        },
        Operation(name: "my requests", expected: everyone) { c, _ in
            _ = try await c.call(.requestList, Facturo_V1_RequestListRequest.with { $0.mine = true }, as: Facturo_V1_RequestListResponse.self)
        },
        Operation(name: "audit of the structure", expected: managers) { c, _ in
            _ = try await c.call(.auditList, Facturo_V1_AuditListRequest.with { $0.structure = commune }, as: Facturo_V1_AuditListResponse.self)
        },
        Operation(name: "audit of everything", expected: administratorsOnly) { c, _ in
            _ = try await c.call(.auditList, Facturo_V1_AuditListRequest(), as: Facturo_V1_AuditListResponse.self)
        },
        Operation(name: "user deactivate", expected: administratorsOnly) { c, _ in
            _ = try await c.call(.userSetActive, Facturo_V1_UserSetActiveRequest.with { $0.email = "association@demo.facturo.fr"; $0.active = false }, as: Facturo_V1_UserSetActiveResponse.self)
        },
        Operation(name: "request approve", expected: { role in
            switch role {
            case .manager, .administrator: .allowed
            // The requester may not decide their own request.
            case .consultation: .refused("FORBIDDEN")
            default: .refused("NOT_FOUND")
            }
        }) { c, _ in
            _ = try await c.call(.requestDecide, Facturo_V1_RequestDecideRequest.with { $0.id = 1; $0.decision = "approve"; $0.comment = "ok" }, as: Facturo_V1_RequestDecideResponse.self)
        },
        Operation(name: "techaccount rebind", expected: modifiers) { c, _ in
            _ = try await c.call(.technicalAccountRebind, Facturo_V1_TechnicalAccountRebindRequest.with {
                $0.structure = commune; $0.email = "erp.mairie@demo.facturo.fr"; $0.certificateSha256 = String(repeating: "ef", count: 32)
            }, as: Facturo_V1_TechnicalAccountRebindResponse.self)
        },
        Operation(name: "techaccount revoke", expected: modifiers) { c, _ in
            _ = try await c.call(.technicalAccountRevoke, Facturo_V1_TechnicalAccountRevokeRequest.with {
                $0.structure = commune; $0.email = "erp.mairie@demo.facturo.fr"
            }, as: Facturo_V1_TechnicalAccountRevokeResponse.self)
        },
        Operation(name: "user activate", expected: administratorsOnly) { c, _ in
            _ = try await c.call(.userSetActive, Facturo_V1_UserSetActiveRequest.with { $0.email = "association@demo.facturo.fr"; $0.active = true }, as: Facturo_V1_UserSetActiveResponse.self)
        },
        Operation(name: "password reset", expected: administratorsOnly) { c, _ in
            _ = try await c.call(.passwordReset, Facturo_V1_PasswordResetRequest.with { $0.email = "association@demo.facturo.fr"; $0.newPassword = "un autre mot de passe" }, as: Facturo_V1_PasswordResetResponse.self)
        },
        // Last: it changes the caller's own password.
        Operation(name: "password change", expected: everyone) { c, _ in
            _ = try await c.call(.passwordChange, Facturo_V1_PasswordChangeRequest.with {
                $0.oldPassword = OrganisationFixture.password; $0.newPassword = "un nouveau mot de passe"
            }, as: Facturo_V1_PasswordChangeResponse.self)
        },
    ]

    @Test(arguments: Role.allCases)
    func everyOperation(as role: Role) async throws {
        let fixture = try await OrganisationFixture.start()
        let connection = try await fixture.connect(as: role)
        for operation in Self.operations {
            let expected: CallOutcome = role == .anonymous ? .refused("AUTH_REQUIRED") : operation.expected(role)
            let before = try await fixture.snapshot()
            let outcome = await CallOutcome.of { try await operation.run(connection, role) }
            #expect(outcome == expected, "\(operation.name) as \(role.rawValue)")
            if outcome != .allowed {
                let after = try await fixture.snapshot()
                #expect(before == after, "\(operation.name) as \(role.rawValue) was refused but changed data")
            }
        }
        await connection.close()
        try await fixture.server.shutdown()
    }
}
