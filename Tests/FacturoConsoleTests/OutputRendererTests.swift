import FacturoConsole
import Testing

@Suite struct OutputRendererTests {
    let record = CommandOutput.record([.init("email", "a@b.fr"), .init("name", "Léa \"L\", D'Arc")])
    let table = CommandOutput.table(columns: ["code", "label"], rows: [["INF", "Informatique"], ["DIVERS", "Divers"]])

    @Test func recordAsAlignedFields() {
        #expect(OutputRenderer(format: .table).render(record) == "email : a@b.fr\nname  : Léa \"L\", D'Arc\n")
    }

    @Test func recordAsJSON() {
        #expect(OutputRenderer(format: .json).render(record) == #"{"email":"a@b.fr","name":"Léa \"L\", D'Arc"}"# + "\n")
    }

    @Test func recordAsCSVQuotesWhatNeedsIt() {
        #expect(OutputRenderer(format: .csv).render(record) == "email,name\na@b.fr,\"Léa \"\"L\"\", D'Arc\"\n")
    }

    @Test func tableAligned() {
        #expect(OutputRenderer(format: .table).render(table) == """
            code   | label
            -------+-------------
            INF    | Informatique
            DIVERS | Divers
            (2 lignes)

            """)
    }

    @Test func tableAsJSONKeepsRowOrder() {
        #expect(OutputRenderer(format: .json).render(table) == #"[{"code":"INF","label":"Informatique"},{"code":"DIVERS","label":"Divers"}]"# + "\n")
    }

    @Test func messagesAndNothing() {
        #expect(OutputRenderer(format: .table).render(.message("Déconnecté.")) == "Déconnecté.\n")
        #expect(OutputRenderer(format: .json).render(.message("a/b")) == #"{"message":"a/b"}"# + "\n")
        #expect(OutputRenderer(format: .csv).render(.none) == "")
    }
}
