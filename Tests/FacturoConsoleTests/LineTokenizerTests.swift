import FacturoConsole
import Testing

@Suite struct LineTokenizerTests {
    @Test("splits like a shell", arguments: [
        ("login a@b.fr", ["login", "a@b.fr"]),
        ("  spaced   out  ", ["spaced", "out"]),
        (#"refuse "Justificatif absent ou insuffisant""#, ["refuse", "Justificatif absent ou insuffisant"]),
        (#"name "CC DU CHAOURCOIS ET DU VAL D'ARMANCE""#, ["name", "CC DU CHAOURCOIS ET DU VAL D'ARMANCE"]),
        (#"literal 'no $interp "here"'"#, ["literal", #"no $interp "here""#]),
        (#"escaped a\ b \"q\""#, ["escaped", "a b", #""q""#]),
        ("empty '' \"\"", ["empty", "", ""]),
        ("cmd # trailing comment", ["cmd"]),
        ("cmd a#b", ["cmd", "a#b"]),
        ("# whole line", []),
        ("", []),
        ("élan café", ["élan", "café"]),
    ])
    func split(line: String, words: [String]) throws {
        #expect(try LineTokenizer.split(line) == words)
    }

    @Test("reports unbalanced input", arguments: [#"say "open"#, "say 'open", #"trailing\"#])
    func errors(line: String) {
        #expect(throws: LineTokenizer.Failure.self) { try LineTokenizer.split(line) }
    }
}
