import FacturoClient
import FacturoWire
import Foundation

/// `admin SUBCOMMAND`: remote administration of the platform (platform
/// administrators; over mutual TLS when the server requires it).
enum AdminCommands {
    static let admin = CommandSpec(
        name: "admin",
        summary: "Administration de la plateforme (administrateurs)",
        details: """
            Exemples : admin status -> st      puis   expect $st.draining == no
                       admin notice "Maintenance à 18 h"
            Erreurs : FORBIDDEN (pas administrateur), AUTH_CLIENT_CERTIFICATE_REQUIRED
                      (le serveur exige le TLS mutuel pour l'administration), NOT_FOUND.
            """,
        subcommands: [
            CommandSpec(name: "status", summary: "Version, durée de fonctionnement, connexions, sessions, requêtes, taille de la base, identifiants verrouillés") { _, context in
                status(try await context.session.connected().call(AdministrationCatalogue.serverStatus, Facturo_V1_ServerStatusRequest()))
            },
            CommandSpec(name: "metrics", summary: "Métriques du serveur au format texte de Prometheus (requêtes par type et issue, durées, connexions, file des mots de passe)") { _, context in
                .message(try await context.session.connected().call(AdministrationCatalogue.metrics, Facturo_V1_ServerMetricsRequest()).text)
            },
            CommandSpec(name: "sessions", summary: "Sessions ouvertes (id, utilisateur, adresse, depuis, certificat)") { _, context in
                let answer = try await context.session.connected().callAllPages(AdministrationCatalogue.listSessions, Facturo_V1_ListSessionsRequest())
                return .table(
                    columns: ["session", "email", "peer", "since", "certificate", "administrator"],
                    rows: answer.sessions.map {
                        [$0.sessionID, $0.email, $0.peer, Timestamps.iso8601(unixMilliseconds: $0.openedAtUnixMs), $0.clientCertificateSubject, $0.platformAdministrator ? "yes" : "no"]
                    }
                )
            },
            CommandSpec(name: "close-session", summary: "Fermer une session (l'utilisateur en est averti)", positionals: [.init("ID")]) { arguments, context in
                let id = arguments.required("ID")
                _ = try await context.session.connected().call(AdministrationCatalogue.closeSession, Facturo_V1_CloseSessionRequest.with { $0.sessionID = id })
                return .notice("Session \(id) fermée.")
            },
            CommandSpec(name: "notice", summary: "Envoyer un message à toutes les sessions", positionals: [.init("TEXTE", variadic: true)]) { arguments, context in
                let text = arguments.rest("TEXTE").joined(separator: " ")
                let answer = try await context.session.connected().call(AdministrationCatalogue.broadcastNotice, Facturo_V1_BroadcastNoticeRequest.with { $0.text = text })
                return .record([.init("delivered", String(answer.delivered))])
            },
            CommandSpec(
                name: "drain",
                summary: "Avertir toutes les sessions et refuser les nouvelles connexions d'utilisateurs ; les sessions en cours continuent",
                positionals: [.init("TEXTE", optional: true, variadic: true)]
            ) { arguments, context in
                let notice = arguments.rest("TEXTE").joined(separator: " ")
                let answer = try await context.session.connected().call(AdministrationCatalogue.drain, Facturo_V1_DrainRequest.with { $0.notice = notice })
                return .record([.init("notified", String(answer.notified)), .init("draining", "yes")])
            },
            ProcessingCommands.verifyHistory,
        ]
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
            .init("kdf_running", String(status.kdfRunning)),
            .init("kdf_waiting", String(status.kdfWaiting)),
            .init("partial_frame_bytes", String(status.partialFrameBytes)),
            .init("locked_logins", String(status.lockedLogins)),
            .init("latest_locks", status.latestLocks.prefix(10).map(lockText).joined(separator: ", ")),
        ])
    }

    /// `login jusqu'à 2026-12-01T15:30:00Z`, `(certificat)` for a lock of
    /// attempts made with a client certificate.
    static func lockText(_ lock: Facturo_V1_LockedLogin) -> String {
        "\(lock.login) jusqu'à \(Timestamps.iso8601(unixMilliseconds: lock.untilUnixMs))" + (lock.withCertificate ? " (certificat)" : "")
    }

    /// Requests per second over the last minute, two decimals, exact.
    static func perSecond(_ lastMinute: UInt64) -> String {
        let hundredths = (lastMinute * 100 + 30) / 60
        return "\(hundredths / 100)." + String(format: "%02d", Int(hundredths % 100))
    }

}
