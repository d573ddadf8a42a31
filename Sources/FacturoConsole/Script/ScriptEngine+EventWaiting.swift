import Foundation

/// `wait-event`: the first pushed event of a kind whose fields match.
extension ScriptEngine {
    func waitEvent(_ words: [String]) async throws(ConsoleError) {
        var words = words
        var target: String?
        if words.count >= 3, words[words.count - 2] == "->" {
            target = words.removeLast()
            words.removeLast()
        }
        guard let spec = registry["wait-event"] else { throw .usage("wait-event indisponible") }
        let arguments = try CommandArguments(words, for: spec, path: "wait-event")
        let kind = arguments.required("TYPE")
        guard EventPresentation.kinds.contains(kind) else {
            throw .usage("type d'événement inconnu : \(kind) (\(EventPresentation.kinds.joined(separator: ", ")))")
        }
        let timeout = try Self.duration(arguments.option("--timeout") ?? "5s")
        let filters = try arguments.rest("FILTRE").map { filter throws(ConsoleError) -> EventFilter in
            try EventFilter(filter)
        }
        let event = await sessions.current.inbox.next(matching: { event in
            event.kind == kind && filters.allSatisfy { $0.matches(event) }
        }, timeout: timeout)
        // Ctrl-C at the prompt stops the wait: that is no failed assertion.
        if event == nil, Task.isCancelled { throw .usage("attente interrompue") }
        let description = "wait-event \(words.joined(separator: " "))"
        try assert(event != nil, "\(description) — aucun événement correspondant reçu")
        if let event, let target {
            store(.record(event.fields), as: target)
        } else if let event {
            output.write(variables.masked(event.line + "\n"))
        }
    }

    /// `FIELD=VALUE` (equal) or `FIELD~REGEX` (contains a match).
    struct EventFilter: Sendable {
        var field: String
        var value: String
        var isRegex: Bool

        init(_ text: String) throws(ConsoleError) {
            if let index = text.firstIndex(where: { $0 == "=" || $0 == "~" }) {
                field = String(text[..<index])
                value = String(text[text.index(after: index)...])
                isRegex = text[index] == "~"
                if isRegex, (try? NSRegularExpression(pattern: value)) == nil { throw .usage("expression régulière invalide : \(value)") }
            } else {
                throw .usage("filtre attendu : CHAMP=VALEUR ou CHAMP~REGEX, obtenu : \(text)")
            }
        }

        func matches(_ event: ConsoleEvent) -> Bool {
            guard let actual = event[field] else { return false }
            return isRegex ? actual.range(of: value, options: .regularExpression) != nil : actual == value
        }
    }

    /// `500ms`, `2s`, `1m`, or plain seconds (`1.5`).
    static func duration(_ text: String) throws(ConsoleError) -> Duration {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)), value >= 0 { return .milliseconds(Int64(value * scale * 1000)) }
        }
        if let value = Double(text), value >= 0 { return .milliseconds(Int64(value * 1000)) }
        throw .usage("durée invalide : \(text) (exemples : 500ms, 2s, 1m, 1.5)")
    }
}
