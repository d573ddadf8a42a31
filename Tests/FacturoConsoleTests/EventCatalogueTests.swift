import FacturoClient
@testable import FacturoConsole
import FacturoWire
import NIOCore
import Testing

/// The console decodes, documents and completes every event kind of the
/// wire's catalogue, and only those.
@Suite struct EventCatalogueTests {
    let completer = Completer(registry: Console.registry(), extraWords: ["exit"])

    @Test func everyEventKindHasAPresentation() {
        #expect(EventPresentation.all.map(\.descriptor) == EventCatalogue.all)
    }

    @Test func everyEventKindDecodesWithItsFields() throws {
        let notice = ConsoleEvent(ServerEvent(type: EventCatalogue.notice.messageType, payload: ByteBuffer(message: Facturo_V1_NoticeEvent.with {
            $0.text = "maintenance à 18 h"
            $0.sentAtUnixMs = 1_764_000_000_000
        })))
        #expect(notice.kind == "notice")
        #expect(notice["text"] == "maintenance à 18 h")
        #expect(notice["sent_at"]?.hasPrefix("2025-11-24") == true)

        let decided = ConsoleEvent(ServerEvent(type: EventCatalogue.requestDecided.messageType, payload: ByteBuffer(message: Facturo_V1_HabilitationRequestDecidedEvent.with {
            $0.request = .with {
                $0.id = 12
                $0.state = "approved"
                $0.application = "factures_recues"
            }
        })))
        #expect(decided.kind == "request-decided")
        #expect(decided["id"] == "12" && decided["state"] == "approved" && decided["application"] == "factures_recues")

        for presentation in EventPresentation.all {
            let event = ConsoleEvent(ServerEvent(type: presentation.descriptor.messageType, payload: ByteBuffer()))
            #expect(event.kind == presentation.descriptor.kind)
            #expect(event.fields.map(\.name) == presentation.fieldNames)
        }
        #expect(ConsoleEvent(ServerEvent(type: MessageType(rawValue: 1999), payload: ByteBuffer())).kind == "event-1999")
    }

    @Test func helpAndTabListEveryEventKind() async {
        let h = EngineHarness()
        _ = await h.run("help wait-event")
        for event in EventCatalogue.all {
            #expect(h.stdout.contains(event.kind), "help wait-event names \(event.kind)")
            #expect(completer.candidates(line: "wait-event ", start: 11, word: "").contains(event.kind))
        }
        #expect(completer.candidates(line: "wait-event f", start: 11, word: "f") == ["flow-integrated"])
    }

    @Test func unknownEventKindIsAUsageError() async {
        let h = EngineHarness()
        let (completion, _) = await h.run("wait-event notcie --timeout 1ms")
        #expect(completion == .failed(.usageOrIO))
        #expect(h.stderr.contains("type d'événement inconnu"))
    }

    @Test func anInterruptedWaitIsNotAFailedAssertion() async {
        let h = EngineHarness()
        let engine = h.engine()
        let line = Task { await engine.runInteractive("wait-event notice --timeout 30s") }
        line.cancel()
        #expect(await line.value, "the prompt comes back")
        #expect(engine.tally.failed == 0)
        #expect(h.stderr.contains("attente interrompue"))
    }

    @Test func switchesTakeNoValue() {
        #expect(completer.candidates(line: "request list --mine ", start: 20, word: "").isEmpty)
        #expect(completer.candidates(line: "request list --pending ", start: 23, word: "").isEmpty)
        #expect(completer.candidates(line: "login --certificate ", start: 20, word: "").isEmpty)
        #expect(completer.candidates(line: "request list --m", start: 13, word: "--m") == ["--mine"])
        #expect(completer.candidates(line: "directory import x.csv --all", start: 23, word: "--all") == ["--all-or-nothing"])
    }
}

@Suite struct ViolationDisplayTests {
    @Test func everyViolationIsPrintedAsARowUnderTheMainCode() {
        let wire = WireError(.init(rawValue: "INVALID_TOTALS"), "total HT faux (et 1 autre(s) anomalie(s))", violations: [
            .init(code: .init(rawValue: "INVALID_TOTALS"), rule: "BR-CO-10", field: "totals.line_total", message: "total HT faux"),
            .init(code: .init(rawValue: "INVALID_CURRENCY"), message: "devise inconnue"),
        ])
        let error = ConsoleError.from(ClientError.server(wire))
        #expect(error.code?.rawValue == "INVALID_TOTALS", "expect-error matches the main code")
        let lines = error.message.split(separator: "\n").map(String.init)
        #expect(lines.count == 6, "message, header, rule, two rows, row count")
        #expect(lines[0].hasPrefix("INVALID_TOTALS: total HT faux"))
        #expect(lines[1].contains("code") && lines[1].contains("regle") && lines[1].contains("champ"))
        #expect(lines[3].contains("BR-CO-10") && lines[3].contains("totals.line_total"))
        #expect(lines[4].contains("INVALID_CURRENCY") && lines[4].contains("devise inconnue"))
        #expect(ConsoleError.from(ClientError.server(WireError(.init(rawValue: "FORBIDDEN"), "non"))).message == "FORBIDDEN: non")
    }
}
