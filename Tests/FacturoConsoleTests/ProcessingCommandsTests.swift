@testable import FacturoConsole
import FacturoDomain
import Testing

/// The processing commands as a user types them: Tab completes statuses
/// and reason codes, and a completion without anything to add is refused
/// before anything is sent.
@Suite struct ProcessingCommandsTests {
    let completer = Completer(registry: Console.registry())

    @Test func tabCompletesStatusesAndReasons() {
        let line = "invoice process F1 SER"
        #expect(completer.candidates(line: line, start: line.count - 3, word: "SER") == ["SERVICE_FAIT"])
        let refuse = "invoice refuse F1 --reason JUS"
        #expect(completer.candidates(line: refuse, start: refuse.count - 3, word: "JUS") == ["JUSTIFICATIF_ABSENT"])
        let every = "invoice refuse F1 --reason "
        #expect(completer.candidates(line: every, start: every.count, word: "") == RefusalReason.allCases.map(\.rawValue))
        let expected = "invoice process F1 MANDATEE --expected SERV"
        #expect(completer.candidates(line: expected, start: expected.count - 4, word: "SERV") == ["SERVICE_FAIT"])
    }

    @Test func everyProcessingCommandIsUnderInvoice() {
        let invoice = Console.registry()["invoice"]
        for name in ["synthesis", "statuses", "process", "refuse", "complete", "recycle", "acknowledge", "history"] {
            #expect(invoice?.subcommand(name) != nil, "invoice \(name)")
        }
        #expect(Console.registry()["admin"]?.subcommand("verify-history") != nil)
        #expect(Console.registry()["events"]?.subcommand("unsubscribe") != nil)
        #expect(Console.registry()["notification"]?.subcommand("list") != nil)
    }

    @Test func aCompletionWithNothingToAddIsAUsageError() async {
        let h = EngineHarness()
        let (completion, _) = await h.run("invoice complete F1")
        #expect(h.stderr.contains("au moins une pièce"), "\(h.stderr)")
        _ = completion
    }
}
