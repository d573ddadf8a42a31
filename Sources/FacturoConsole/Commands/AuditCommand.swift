import FacturoClient
import FacturoWire

/// `audit`: the audit log, newest first.
enum AuditCommand {
    static let audit = CommandSpec(
        name: "audit",
        summary: "Journal d'audit : qui a changé quoi, quand, avant/après",
        details: """
            Administrateurs : tout le journal ; gestionnaires : --structure d'une structure qu'ils gèrent.
            Du plus récent au plus ancien ; --before ID pour la page suivante.
            """,
        options: [.init("--structure", "STRUCTURE", values: .myStructures), .init("--limit", "N"), .init("--before", "ID")]
    ) { arguments, context in
        let limit = try arguments.count("--limit") ?? 100
        let before = try arguments.count("--before") ?? 0
        let answer = try await context.session.connected().call(AuditCatalogue.list, Facturo_V1_AuditListRequest.with {
            $0.structure = arguments.option("--structure") ?? ""
            $0.limit = UInt32(min(limit, 1000))
            $0.beforeID = Int64(before)
        })
        let table = CommandOutput.table(
            columns: ["id", "quand", "qui", "action", "structure", "cible", "avant", "apres"],
            rows: answer.entries.map { [String($0.id), Timestamps.iso8601(unixMilliseconds: $0.atUnixMs), $0.actor, $0.action, $0.structure, $0.target, $0.before, $0.after] }
        )
        // The server gives at most 1 000 lines a call: a full page may have more behind.
        guard let last = answer.entries.last, answer.entries.count >= min(limit, 1000) else { return table }
        return .annotated(table, note: "\(answer.entries.count) lignes, les plus récentes : les précédentes avec --before \(last.id)")
    }
}
