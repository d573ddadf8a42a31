import FacturoClient
import FacturoDomain
import FacturoWire
import Foundation

/// `user …` and `password …`: accounts and attachments.
enum UserCommands {
    static let subcommands = ["create", "list", "activate", "deactivate", "attach", "detach", "role"]
    static let roles = StructureAttachment.Role.allCases.map(\.rawValue)

    static let user = CommandSpec(
        name: "user",
        synopsis: "user create|list|activate|deactivate|attach|detach|role …",
        summary: "Comptes utilisateurs et rattachements aux structures",
        details: """
            create EMAIL --name NOM [--kind "Entreprise"|"Entité publique"|Particulier|Association]
                   [--password MDP] [--structure STRUCTURE [--role ROLE] [--services A,B]]
                  administrateurs : tout compte ; gestionnaires : compte rattaché à leur structure.
                  Sans --password, le mot de passe est demandé (ou lu dans FACTURO_NEW_PASSWORD).
            list [--structure STRUCTURE]         (administrateurs : tous ; gestionnaires : leur structure)
            activate EMAIL | deactivate EMAIL    (administrateurs)
            attach EMAIL STRUCTURE [--role ROLE] [--services A,B]   rattacher (gestionnaires)
            detach EMAIL STRUCTURE                                  détacher
            role EMAIL STRUCTURE ROLE                                promouvoir / rétrograder
            ROLE : gestionnaire_principal (un par structure ; le désigner transfère le rôle),
                   gestionnaire_secondaire, utilisateur.
            Erreurs : FORBIDDEN, NOT_FOUND, ALREADY_EXISTS, ALREADY_ATTACHED, NOT_ATTACHED, ROLE_RULE,
                      WEAK_PASSWORD, INVALID_EMAIL.
            """,
        arity: 1...Int.max,
        flags: ["--name", "--kind", "--password", "--structure", "--role", "--services"],
        complete: { request in
            if request.arguments.isEmpty { return subcommands }
            if request.flag == "--role" || (request.arguments.first == "role" && request.arguments.count == 3) { return roles }
            return []
        },
        run: { words, context in
            let arguments = try CommandArguments(Array(words.dropFirst()), flags: ["--name", "--kind", "--password", "--structure", "--role", "--services"])
            let connection = try await context.session.connected()
            switch words[0] {
            case "create":
                let email = try arguments.positional(1, "user create EMAIL --name NOM [options]")[0]
                guard let name = arguments.options["--name"] else { throw ConsoleError.usage("--name NOM est obligatoire") }
                let password = try arguments.options["--password"]
                    ?? ProcessInfo.processInfo.environment["FACTURO_NEW_PASSWORD"]
                    ?? context.passwords.read("Mot de passe initial de \(email) : ")
                let answer = try await connection.call(UserCatalogue.create, Facturo_V1_UserCreateRequest.with {
                    $0.email = email
                    $0.displayName = name
                    $0.kind = arguments.options["--kind"] ?? ""
                    $0.password = password
                    $0.structure = arguments.options["--structure"] ?? ""
                    $0.role = arguments.options["--role"] ?? ""
                    $0.services = commaList(arguments.options["--services"])
                })
                return .table(columns: OrganisationOutput.userColumns, rows: [OrganisationOutput.userRow(answer.user, role: arguments.options["--role"] ?? "")])
            case "list":
                _ = try arguments.positional(0, "user list [--structure STRUCTURE]")
                let answer = try await connection.call(UserCatalogue.list, Facturo_V1_UserListRequest.with { $0.structure = arguments.options["--structure"] ?? "" })
                return .table(columns: OrganisationOutput.userColumns, rows: answer.users.map { OrganisationOutput.userRow($0.user, role: $0.role, services: $0.services) })
            case "activate", "deactivate":
                let email = try arguments.positional(1, "user \(words[0]) EMAIL")[0]
                _ = try await connection.call(UserCatalogue.setActive, Facturo_V1_UserSetActiveRequest.with {
                    $0.email = email
                    $0.active = words[0] == "activate"
                })
                return .message("Compte \(email) \(words[0] == "activate" ? "activé" : "désactivé").")
            case "attach":
                let positional = try arguments.positional(2, "user attach EMAIL STRUCTURE [--role ROLE] [--services A,B]")
                _ = try await connection.call(UserCatalogue.attach, Facturo_V1_AttachRequest.with {
                    $0.email = positional[0]
                    $0.structure = positional[1]
                    $0.role = arguments.options["--role"] ?? ""
                    $0.services = commaList(arguments.options["--services"])
                })
                return .message("\(positional[0]) rattaché à \(positional[1]).")
            case "detach":
                let positional = try arguments.positional(2, "user detach EMAIL STRUCTURE")
                _ = try await connection.call(UserCatalogue.detach, Facturo_V1_DetachRequest.with {
                    $0.email = positional[0]
                    $0.structure = positional[1]
                })
                return .message("\(positional[0]) détaché de \(positional[1]).")
            case "role":
                let positional = try arguments.positional(3, "user role EMAIL STRUCTURE ROLE")
                _ = try await connection.call(UserCatalogue.setRole, Facturo_V1_SetRoleRequest.with {
                    $0.email = positional[0]
                    $0.structure = positional[1]
                    $0.role = positional[2]
                })
                return .message("\(positional[0]) est maintenant \(positional[2]) de \(positional[1]).")
            default:
                throw ConsoleError.usage("sous-commande inconnue : user \(words[0]) (\(subcommands.joined(separator: ", ")))")
            }
        }
    )

    static let password = CommandSpec(
        name: "password",
        synopsis: "password change [--old MDP --new MDP] | password reset EMAIL [--new MDP]",
        summary: "Changer son mot de passe, ou réinitialiser celui d'un compte (administrateurs)",
        details: """
            change : l'ancien mot de passe est exigé (mêmes limites d'essais que login).
            reset EMAIL : administrateurs. Sans --old/--new, les mots de passe sont demandés sans écho.
            Erreurs : AUTH_INVALID_CREDENTIALS, AUTH_ACCOUNT_LOCKED, WEAK_PASSWORD, FORBIDDEN, NOT_FOUND.
            """,
        arity: 1...5,
        flags: ["--old", "--new"],
        complete: { request in request.arguments.isEmpty ? ["change", "reset"] : [] },
        run: { words, context in
            let arguments = try CommandArguments(Array(words.dropFirst()), flags: ["--old", "--new"])
            let connection = try await context.session.connected()
            switch words[0] {
            case "change":
                _ = try arguments.positional(0, "password change [--old MDP --new MDP]")
                let old = try arguments.options["--old"] ?? context.passwords.read("Mot de passe actuel : ")
                let new = try arguments.options["--new"] ?? context.passwords.read("Nouveau mot de passe : ")
                _ = try await connection.call(UserCatalogue.changePassword, Facturo_V1_PasswordChangeRequest.with {
                    $0.oldPassword = old
                    $0.newPassword = new
                })
                return .message("Mot de passe changé.")
            case "reset":
                let email = try arguments.positional(1, "password reset EMAIL [--new MDP]")[0]
                let new = try arguments.options["--new"] ?? context.passwords.read("Nouveau mot de passe de \(email) : ")
                _ = try await connection.call(UserCatalogue.resetPassword, Facturo_V1_PasswordResetRequest.with {
                    $0.email = email
                    $0.newPassword = new
                })
                return .message("Mot de passe de \(email) réinitialisé.")
            default:
                throw ConsoleError.usage("usage : password change | password reset EMAIL")
            }
        }
    )
}
