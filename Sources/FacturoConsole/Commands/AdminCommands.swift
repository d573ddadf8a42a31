import FacturoClient
import FacturoWire
import Foundation

/// `admin SUBCOMMAND`: remote administration of the platform (platform
/// administrators; over mutual TLS when the server requires it).
enum AdminCommands {
    static let subcommands = ["status", "sessions", "close-session", "notice", "drain"]

    static let admin = CommandSpec(
        name: "admin",
        synopsis: "admin status | sessions | close-session ID | notice TEXTE | drain [TEXTE]",
        summary: "Administration de la plateforme (administrateurs)",
        details: """
            status            version, durée de fonctionnement, connexions, sessions,
                              requêtes (total et dernière minute), taille de la base
            sessions          sessions ouvertes (id, utilisateur, adresse, depuis, certificat)
            close-session ID  fermer une session (l'utilisateur en est averti)
            notice TEXTE      envoyer un message à toutes les sessions
            drain [TEXTE]     avertir toutes les sessions et refuser les nouvelles connexions
                              d'utilisateurs ; les sessions en cours continuent
            Exemples : admin status -> st      puis   expect $st.draining == no
                       admin notice "Maintenance à 18 h"
            Erreurs : FORBIDDEN (pas administrateur), AUTH_CLIENT_CERTIFICATE_REQUIRED
                      (le serveur exige le TLS mutuel pour l'administration), NOT_FOUND.
            """,
        arity: 1...Int.max,
        complete: { request in request.arguments.isEmpty ? subcommands : [] },
        run: { words, context in
            let connection = try await context.session.connected()
            let arguments = Array(words.dropFirst())
            switch words[0] {
            case "status":
                try expectCount(arguments, 0, "admin status")
                return status(try await connection.call(AdministrationCatalogue.serverStatus, Facturo_V1_ServerStatusRequest()))
            case "sessions":
                try expectCount(arguments, 0, "admin sessions")
                let answer = try await connection.call(AdministrationCatalogue.listSessions, Facturo_V1_ListSessionsRequest())
                return .table(
                    columns: ["session", "email", "peer", "since", "certificate", "administrator"],
                    rows: answer.sessions.map {
                        [$0.sessionID, $0.email, $0.peer, Timestamps.iso8601(unixMilliseconds: $0.openedAtUnixMs), $0.clientCertificateSubject, $0.platformAdministrator ? "yes" : "no"]
                    }
                )
            case "close-session":
                try expectCount(arguments, 1, "admin close-session ID")
                _ = try await connection.call(AdministrationCatalogue.closeSession, Facturo_V1_CloseSessionRequest.with { $0.sessionID = arguments[0] })
                return .message("Session \(arguments[0]) fermée.")
            case "notice":
                guard !arguments.isEmpty else { throw ConsoleError.usage("usage : admin notice TEXTE") }
                let answer = try await connection.call(AdministrationCatalogue.broadcastNotice, Facturo_V1_BroadcastNoticeRequest.with { $0.text = arguments.joined(separator: " ") })
                return .record([.init("delivered", String(answer.delivered))])
            case "drain":
                let answer = try await connection.call(AdministrationCatalogue.drain, Facturo_V1_DrainRequest.with { $0.notice = arguments.joined(separator: " ") })
                return .record([.init("notified", String(answer.notified)), .init("draining", "yes")])
            default:
                throw ConsoleError.usage("sous-commande inconnue : admin \(words[0]) (\(subcommands.joined(separator: ", ")))")
            }
        }
    )

    static func status(_ status: Facturo_V1_ServerStatusResponse) -> CommandOutput {
        .record([
            .init("server", status.serverName),
            .init("version", status.serverVersion),
            .init("started", Timestamps.iso8601(unixMilliseconds: status.startedAtUnixMs)),
            .init("uptime_s", String(status.uptimeSeconds)),
            .init("connections", String(status.connections)),
            .init("sessions", String(status.sessions)),
            .init("requests_total", String(status.requestsTotal)),
            .init("requests_last_minute", String(status.requestsLastMinute)),
            .init("requests_per_s", perSecond(status.requestsLastMinute)),
            .init("database_bytes", String(status.databaseBytes)),
            .init("schema", status.schemaVersion),
            .init("draining", status.draining ? "yes" : "no"),
        ])
    }

    /// Requests per second over the last minute, two decimals, exact.
    static func perSecond(_ lastMinute: UInt64) -> String {
        let hundredths = (lastMinute * 100 + 30) / 60
        return "\(hundredths / 100)." + String(format: "%02d", Int(hundredths % 100))
    }

    static func expectCount(_ arguments: [String], _ count: Int, _ synopsis: String) throws {
        guard arguments.count == count else { throw ConsoleError.usage("usage : \(synopsis)") }
    }

}
