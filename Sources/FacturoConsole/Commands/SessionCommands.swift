import FacturoClient
import FacturoWire
import Foundation

/// login, logout, whoami, ping: the commands of the foundation.
enum SessionCommands {
    static let all: [CommandSpec] = [login, logout, whoami, ping]

    static let login = CommandSpec(
        name: "login",
        synopsis: "login EMAIL",
        summary: "Se connecter (ouvrir une session) sur le serveur",
        details: """
            Le mot de passe est lu dans FACTURO_PASSWORD, sinon demandé sans écho.
            Il n'est jamais accepté sur la ligne de commande.
            Exemple : login acheteur@demo.facturo.fr
            Erreurs : AUTH_INVALID_CREDENTIALS (identifiant ou mot de passe incorrect),
                      AUTH_ACCOUNT_DISABLED.
            """,
        arity: 1...1
    ) { arguments, context in
        let password = try context.passwords.read("Mot de passe pour \(arguments[0]) : ")
        let response = try await context.session.login(email: arguments[0], password: password)
        return .message("Connecté en tant que \(response.user.email) (\(response.user.displayName), \(response.user.kind))")
    }

    static let logout = CommandSpec(
        name: "logout",
        synopsis: "logout",
        summary: "Fermer la session (la connexion reste ouverte)",
        details: "Erreur : AUTH_REQUIRED si aucune session n'est ouverte."
    ) { _, context in
        try await context.session.logout()
        return .message("Déconnecté.")
    }

    static let whoami = CommandSpec(
        name: "whoami",
        synopsis: "whoami",
        summary: "Afficher l'utilisateur et la session en cours",
        details: "Erreur : AUTH_REQUIRED si aucune session n'est ouverte."
    ) { _, context in
        let answer = try await context.session.connected().whoAmI()
        let opened = Date(timeIntervalSince1970: Double(answer.session.openedAtUnixMs) / 1000)
        var fields: [CommandOutput.Field] = [
            .init("email", answer.user.email),
            .init("name", answer.user.displayName),
            .init("kind", answer.user.kind),
            .init("administrator", answer.user.platformAdministrator ? "yes" : "no"),
            .init("server", answer.session.serverName),
            .init("session", answer.session.id),
            .init("since", ISO8601DateFormatter().string(from: opened)),
        ]
        if !answer.session.clientCertificateSubject.isEmpty {
            fields.append(.init("certificate", answer.session.clientCertificateSubject))
        }
        return .record(fields)
    }

    static let ping = CommandSpec(
        name: "ping",
        synopsis: "ping",
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
