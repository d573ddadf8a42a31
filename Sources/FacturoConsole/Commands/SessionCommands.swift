import FacturoClient
import FacturoWire
import Foundation

/// login, logout, whoami, ping: the commands of the foundation.
enum SessionCommands {
    static let all: [CommandSpec] = [login, logout, whoami, ping]

    static let login = CommandSpec(
        name: "login",
        summary: "Se connecter (ouvrir une session) sur le serveur",
        details: """
            Le mot de passe vient de --password (dans un script, une variable : --password "$MDP"),
            sinon de FACTURO_PASSWORD, sinon il est demandé sans écho.
            login --certificate ouvre la session du compte technique lié au certificat
            client présenté (--cert/--key de la console ; serveur lancé avec --client-ca) ;
            la première fois, elle lie au compte le certificat que son gestionnaire a désigné
            (EMAIL : le compte, si plusieurs attendent ce certificat).
            Exemple : login acheteur@demo.facturo.fr
                      login fournisseur@demo.facturo.fr --password "$FOURNISSEUR_MDP"
            Erreurs : AUTH_INVALID_CREDENTIALS (identifiant ou mot de passe incorrect),
                      AUTH_ACCOUNT_DISABLED, AUTH_ACCOUNT_LOCKED (trop d'échecs),
                      AUTH_UNKNOWN_CERTIFICATE (aucun compte technique actif pour ce certificat).
            """,
        positionals: [.init("EMAIL", optional: true)],
        options: [.init("--password", "VALEUR")],
        switches: ["--certificate"],
        usage: "login EMAIL [--password VALEUR] | login --certificate [EMAIL]"
    ) { arguments, context in
        if arguments.has("--certificate") {
            guard arguments.options.isEmpty else { throw ConsoleError.usage("usage : login --certificate [EMAIL]") }
            let response = try await context.session.loginWithCertificate(account: arguments["EMAIL"] ?? "")
            await rememberStructures(context.session)
            return .notice("Connecté par certificat en tant que \(response.user.email) (compte technique)")
        }
        guard let email = arguments["EMAIL"] else { throw ConsoleError.usage("usage : login EMAIL [--password VALEUR] | login --certificate [EMAIL]") }
        let typed = arguments.option("--password")
        let password = try typed ?? context.passwords.read("Mot de passe pour \(email) : ")
        let response = try await context.session.login(email: email, password: password, typedPassword: typed != nil)
        await rememberStructures(context.session)
        var text = "Connecté en tant que \(response.user.email) (\(response.user.displayName), \(response.user.kind))"
        if let pending = await pendingRequests(context), pending > 0 {
            text += "\n\(pending) demande\(pending == 1 ? "" : "s") d'habilitation en attente de votre décision (request list --pending)"
        }
        return .notice(text)
    }

    /// The user's structures, for Tab where a STRUCTURE is expected; a
    /// failure here only leaves completion without them.
    static func rememberStructures(_ session: ConsoleSession) async {
        guard let connection = try? await session.connected(),
              let mine = try? await connection.callAllPages(HabilitationCatalogue.mine, Facturo_V1_MyHabilitationsRequest())
        else { return }
        KnownStructures.shared.replace(with: mine.attachments.map(\.structure))
    }

    /// What a manager has to decide, as the portal shows at login; nil for
    /// users who manage nothing (the server refuses them the list).
    static func pendingRequests(_ context: CommandContext) async -> UInt32? {
        guard let connection = try? await context.session.connected(),
              let answer = try? await connection.call(HabilitationCatalogue.listRequests, Facturo_V1_HabilitationRequestListRequest.with { $0.pendingOnly = true; $0.limit = 1 })
        else { return nil }
        return answer.pendingCount
    }

    static let logout = CommandSpec(
        name: "logout",
        summary: "Fermer la session (la connexion reste ouverte)",
        details: "Erreur : AUTH_REQUIRED si aucune session n'est ouverte."
    ) { _, context in
        try await context.session.logout()
        KnownStructures.shared.replace(with: [])
        return .notice("Déconnecté.")
    }

    static let whoami = CommandSpec(
        name: "whoami",
        summary: "Afficher l'utilisateur et la session en cours",
        details: "Erreur : AUTH_REQUIRED si aucune session n'est ouverte."
    ) { _, context in
        let answer = try await context.session.connected().whoAmI()
        var fields: [CommandOutput.Field] = [
            .init("email", answer.user.email),
            .init("name", answer.user.displayName),
            .init("kind", answer.user.kind),
            .init("administrator", answer.user.platformAdministrator ? "yes" : "no"),
            .init("server", answer.session.serverName),
            .init("session", answer.session.id),
            .init("since", Timestamps.iso8601(unixMilliseconds: answer.session.openedAtUnixMs)),
        ]
        if !answer.session.clientCertificateSubject.isEmpty {
            fields.append(.init("certificate", answer.session.clientCertificateSubject))
        }
        return .record(fields)
    }

    static let ping = CommandSpec(
        name: "ping",
        summary: "Vérifier que le serveur répond et mesurer l'aller-retour",
        details: "Fonctionne aussi sans session ouverte."
    ) { _, context in
        let connection = try await context.session.connected()
        let started = ContinuousClock.now
        _ = try await connection.ping(Array("facturo".utf8))
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        return .record([.init("reply", "PONG"), .init("time_ms", String(format: "%.2f", milliseconds))])
    }
}
