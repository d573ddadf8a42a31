@testable import FacturoFormats
import Foundation
import Testing

/// docs/formats.md lists every business term and every checked rule as the
/// code has them. `FACTURO_UPDATE_DOCS=1` rewrites the two generated tables
/// (between their markers) instead of comparing.
@Suite("docs/formats.md")
struct FormatsDocumentationTests {
    static let url = Fixtures.projectRoot.appendingPathComponent("docs/formats.md")

    static var termRows: String {
        var rows = ["| BT | terme | UBL 2.1 | CII D16B | champ |", "|---|---|---|---|---|"]
        for term in BusinessTerms.all {
            let scope = term.scope == .document ? "" : " (dans \(BusinessTerm.groupPath(term.scope, syntax: .ubl).components(separatedBy: "/").last ?? ""))"
            rows.append("| \(term.id) | \(term.name) | `\(term.ubl)`\(scope) | `\(term.cii)` | `\(term.field)` |")
        }
        return rows.joined(separator: "\n")
    }

    static var ruleRows: String {
        var rows = ["| règle | gravité | termes | énoncé |", "|---|---|---|---|"]
        for rule in EN16931Rules.all {
            rows.append("| \(rule.id) | \(rule.severity.rawValue) | \(rule.terms.joined(separator: ", ")) | \(rule.statement) |")
        }
        return rows.joined(separator: "\n")
    }

    /// `text` with what lies between the `name` markers replaced by `content`.
    static func replacing(_ name: String, in text: String, with content: String) -> String? {
        guard let begin = text.range(of: "<!-- \(name):begin"), let lineEnd = text[begin.upperBound...].range(of: "-->\n"),
              let end = text.range(of: "<!-- \(name):end -->") else { return nil }
        return String(text[..<lineEnd.upperBound]) + content + "\n" + String(text[end.lowerBound...])
    }

    @Test("the term and rule tables are the code's")
    func tables() throws {
        let text = try String(contentsOf: Self.url, encoding: .utf8)
        let expected = try #require(Self.replacing("terms", in: text, with: Self.termRows).flatMap { Self.replacing("rules", in: $0, with: Self.ruleRows) })
        if ProcessInfo.processInfo.environment["FACTURO_UPDATE_DOCS"] == "1" {
            try expected.write(to: Self.url, atomically: true, encoding: .utf8)
            return
        }
        #expect(text == expected, "docs/formats.md is not up to date: FACTURO_UPDATE_DOCS=1 swift test --filter FormatsDocumentationTests")
    }

    @Test("every rule checked is in the rules table, and the table names no other")
    func ruleList() throws {
        let text = try String(contentsOf: Self.url, encoding: .utf8)
        let listed = text.components(separatedBy: "\n").compactMap { line -> String? in
            let cells = line.components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count > 2, cells[1].hasPrefix("BR-") || cells[1].hasPrefix("FR-TVA") else { return nil }
            return cells[1]
        }
        #expect(listed == EN16931Rules.all.map(\.id))
    }
}
