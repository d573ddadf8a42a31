import FacturoClient
import FacturoDomain
import FacturoWire
import Foundation

/// `user …` and `password …`: accounts and attachments.
enum UserCommands {
    static let roles = CompletionSource.fixed(StructureAttachment.Role.allCases.map(\.rawValue))
    /// Quoted when they hold a space, so the completed word parses as one.
    static let kinds = CompletionSource.fixed(AccountKind.allCases.map { $0.rawValue.contains(" ") ? "\"\($0.rawValue)\"" : $0.rawValue })

    static let user = CommandSpec(
        name: "user",
        summary: "Comptes utilisateurs et rattachements aux structures",
        details: """
            create : administrateurs, tout compte ; gestionnaires, un compte rattaché à leur structure.
                     Sans --password, le mot de passe est demandé (ou lu dans FACTURO_NEW_PASSWORD).
            list : administrateurs, tous les comptes ; gestionnaires, ceux de leur structure.
            ROLE : gestionnaire_principal (un par structure ; le désigner transfère le rôle),
                   gestionnaire_secondaire, utilisateur.
            Erreurs : FORBIDDEN, NOT_FOUND, ALREADY_EXISTS, ALREADY_ATTACHED, NOT_ATTACHED, ROLE_RULE,
                      WEAK_PASSWORD, INVALID_EMAIL.
            """,
        subcommands: [create, list, setActive("activate", true), setActive("deactivate", false), attach, detach, role]
    )

    static let create = CommandSpec(
        name: "create", summary: "Créer un compte (et le rattacher à une structure)",
        positionals: [.init("EMAIL")],
        options: [
            .init("--name", "NOM", required: true), .init("--kind", "TYPE", values: kinds), .init("--password", "MDP"),
            .init("--structure", "STRUCTURE", values: .myStructures), .init("--role", "ROLE", values: roles), .init("--services", "A,B"),
        ]
    ) { arguments, context in
        let email = arguments.required("EMAIL")
        let password = try arguments.option("--password")
            ?? ProcessInfo.processInfo.environment["FACTURO_NEW_PASSWORD"]
            ?? context.passwords.read("Mot de passe initial de \(email) : ")
        let answer = try await context.session.connected().call(UserCatalogue.create, Facturo_V1_UserCreateRequest.with {
            $0.email = email
            $0.displayName = arguments.option("--name") ?? ""
            $0.kind = arguments.option("--kind") ?? ""
            $0.password = password
            $0.structure = arguments.option("--structure") ?? ""
            $0.role = arguments.option("--role") ?? ""
            $0.services = commaList(arguments.option("--services"))
        })
        return .table(columns: OrganisationOutput.userColumns, rows: [OrganisationOutput.userRow(answer.user, role: arguments.option("--role") ?? "")])
    }

    static let list = CommandSpec(
        name: "list", summary: "Lister les comptes (administrateurs : tous ; gestionnaires : leur structure)",
        options: [.init("--structure", "STRUCTURE", values: .myStructures)]
    ) { arguments, context in
        let answer = try await context.session.connected().callAllPages(UserCatalogue.list, Facturo_V1_UserListRequest.with { $0.structure = arguments.option("--structure") ?? "" })
        return .table(columns: OrganisationOutput.userColumns, rows: answer.users.map { OrganisationOutput.userRow($0.user, role: $0.role, services: $0.services) })
    }

    static func setActive(_ name: String, _ active: Bool) -> CommandSpec {
        CommandSpec(
            name: name, summary: active ? "Réactiver un compte (administrateurs)" : "Désactiver un compte (administrateurs)",
            positionals: [.init("EMAIL")]
        ) { arguments, context in
            let email = arguments.required("EMAIL")
            _ = try await context.session.connected().call(UserCatalogue.setActive, Facturo_V1_UserSetActiveRequest.with {
                $0.email = email
                $0.active = active
            })
            return .notice("Compte \(email) \(active ? "activé" : "désactivé").")
        }
    }

    static let attach = CommandSpec(
        name: "attach", summary: "Rattacher un compte à une structure (gestionnaires)",
        positionals: [.init("EMAIL"), .init("STRUCTURE", values: .myStructures)],
        options: [.init("--role", "ROLE", values: roles), .init("--services", "A,B")]
    ) { arguments, context in
        let (email, structure) = (arguments.required("EMAIL"), arguments.required("STRUCTURE"))
        _ = try await context.session.connected().call(UserCatalogue.attach, Facturo_V1_AttachRequest.with {
            $0.email = email
            $0.structure = structure
            $0.role = arguments.option("--role") ?? ""
            $0.services = commaList(arguments.option("--services"))
        })
        return .message("\(email) rattaché à \(structure).")
    }

    static let detach = CommandSpec(
        name: "detach", summary: "Détacher un compte d'une structure (gestionnaires)",
        positionals: [.init("EMAIL"), .init("STRUCTURE", values: .myStructures)]
    ) { arguments, context in
        let (email, structure) = (arguments.required("EMAIL"), arguments.required("STRUCTURE"))
        _ = try await context.session.connected().call(UserCatalogue.detach, Facturo_V1_DetachRequest.with {
            $0.email = email
            $0.structure = structure
        })
        return .message("\(email) détaché de \(structure).")
    }

    static let role = CommandSpec(
        name: "role", summary: "Promouvoir ou rétrograder un compte dans une structure (gestionnaires)",
        positionals: [.init("EMAIL"), .init("STRUCTURE", values: .myStructures), .init("ROLE", values: roles)]
    ) { arguments, context in
        let (email, structure, role) = (arguments.required("EMAIL"), arguments.required("STRUCTURE"), arguments.required("ROLE"))
        _ = try await context.session.connected().call(UserCatalogue.setRole, Facturo_V1_SetRoleRequest.with {
            $0.email = email
            $0.structure = structure
            $0.role = role
        })
        return .message("\(email) est maintenant \(role) de \(structure).")
    }

    static let password = CommandSpec(
        name: "password",
        summary: "Changer son mot de passe, ou réinitialiser celui d'un compte (administrateurs)",
        details: """
            Sans --old/--new, les mots de passe sont demandés sans écho.
            Erreurs : AUTH_INVALID_CREDENTIALS, AUTH_ACCOUNT_LOCKED, WEAK_PASSWORD, FORBIDDEN, NOT_FOUND.
            """,
        subcommands: [
            CommandSpec(
                name: "change", summary: "Changer son mot de passe (l'ancien est exigé, mêmes limites d'essais que login)",
                options: [.init("--old", "MDP"), .init("--new", "MDP")]
            ) { arguments, context in
                // Connected first: a lost session is said before any password is asked.
                let connection = try await context.session.connected()
                let old = try arguments.option("--old") ?? context.passwords.read("Mot de passe actuel : ")
                let new = try arguments.option("--new") ?? context.passwords.read("Nouveau mot de passe : ")
                _ = try await connection.call(UserCatalogue.changePassword, Facturo_V1_PasswordChangeRequest.with {
                    $0.oldPassword = old
                    $0.newPassword = new
                })
                return .notice("Mot de passe changé.")
            },
            CommandSpec(
                name: "reset", summary: "Réinitialiser le mot de passe d'un compte (administrateurs)",
                positionals: [.init("EMAIL")], options: [.init("--new", "MDP")]
            ) { arguments, context in
                let email = arguments.required("EMAIL")
                let new = try arguments.option("--new") ?? context.passwords.read("Nouveau mot de passe de \(email) : ")
                _ = try await context.session.connected().call(UserCatalogue.resetPassword, Facturo_V1_PasswordResetRequest.with {
                    $0.email = email
                    $0.newPassword = new
                })
                return .notice("Mot de passe de \(email) réinitialisé.")
            },
        ]
    )
}
