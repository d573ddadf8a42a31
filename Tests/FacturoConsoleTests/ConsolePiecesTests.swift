@testable import FacturoConsole
import FacturoClient
import FacturoWire
import Foundation
import NIOConcurrencyHelpers
import Testing

@Suite struct FrenchNumberFormatTests {
    @Test("amounts get French grouping and comma", arguments: [
        ("6400.00", "6\u{00A0}400,00"),
        ("7040.00", "7\u{00A0}040,00"),
        ("0.50", "0,50"),
        ("-1234567.89", "-1\u{00A0}234\u{00A0}567,89"),
        ("123.45", "123,45"),
        ("12345678901234567.89", "12\u{00A0}345\u{00A0}678\u{00A0}901\u{00A0}234\u{00A0}567,89"),
    ])
    func amounts(plain: String, french: String) {
        #expect(FrenchNumberFormat.format(plain) == french)
    }

    @Test("other values are left alone", arguments: ["42", "11000201100044", "1.5", "2026-11-27", "abc", "6400.000"])
    func others(text: String) {
        #expect(FrenchNumberFormat.format(text) == text)
    }

    @Test func onlyTheTableFormatUsesIt() {
        let output = CommandOutput.table(columns: ["numero", "ttc"], rows: [["F1", "7040.00"]])
        #expect(OutputRenderer(format: .table).render(output).contains("7\u{00A0}040,00"))
        #expect(OutputRenderer(format: .csv).render(output) == "numero,ttc\nF1,7040.00\n")
        #expect(OutputRenderer(format: .json).render(output).contains("\"7040.00\""))
    }
}

@Suite struct ProgressReporterTests {
    final class Clock: Sendable {
        let time = NIOLockedValueBox(Date(timeIntervalSince1970: 0))
        func advance(_ seconds: TimeInterval) { time.withLockedValue { $0 += seconds } }
    }

    @Test func barShowsCountRateAndETA() {
        let clock = Clock()
        let written = NIOLockedValueBox<[String]>([])
        let progress = ProgressReporter(label: "dépôt", total: 100, style: .bar(width: 10), write: { text in written.withLockedValue { $0.append(text) } }, now: { clock.time.withLockedValue { $0 } })
        clock.advance(5)
        progress.advance(by: 50)
        #expect(written.withLockedValue { $0.last } == "\rdépôt [#####.....] 50/100 10.0/s ETA 5s")
        clock.advance(5)
        progress.advance(by: 50)
        progress.finish()
        #expect(written.withLockedValue { $0.last } == "\rdépôt [##########] 100/100 10.0/s\n")
    }

    @Test func linesAreThrottled() {
        let clock = Clock()
        let written = NIOLockedValueBox<[String]>([])
        let progress = ProgressReporter(label: "import", total: nil, style: .lines(interval: 5), write: { text in written.withLockedValue { $0.append(text) } }, now: { clock.time.withLockedValue { $0 } })
        for _ in 0..<10 {
            clock.advance(1)
            progress.advance()
        }
        progress.finish()
        // At t=1 (first) and t=6, then the final line.
        #expect(written.withLockedValue { $0 }.count == 3)
        #expect(written.withLockedValue { $0.last } == "import 10 1.0/s\n")
    }
}

@Suite struct RCFileTests {
    @Test func parsesDefaultsAndComments() throws {
        let rc = try RCFile(text: "# mes réglages\nserver = facturo.example.fr:7443\n\nformat=json\nca = /etc/facturo/ca.crt\n", source: "rc")
        #expect(rc["server"] == "facturo.example.fr:7443")
        #expect(rc["format"] == "json")
        #expect(rc["ca"] == "/etc/facturo/ca.crt")
        #expect(rc["user"] == nil)
    }

    @Test func refusesUnknownSettingsAndBadLines() {
        #expect { try RCFile(text: "colour = red", source: "rc") } throws: { ($0 as? ConsoleError)?.message.hasPrefix("rc:1: réglage inconnu") == true }
        #expect { try RCFile(text: "\nserver", source: "rc") } throws: { ($0 as? ConsoleError)?.message == "rc:2: NOM = VALEUR attendu" }
    }

    @Test func missingFileIsEmpty() throws {
        #expect(try RCFile.load(environment: ["FACTURORC": "/nonexistent/facturorc"]) == RCFile())
    }
}

@Suite struct CompleterTests {
    let completer = Completer(registry: Console.registry(), extraWords: ["exit"])

    @Test func commandNames() {
        #expect(completer.candidates(line: "lo", start: 0, word: "lo") == ["login", "logout"])
        #expect(completer.candidates(line: "ex", start: 0, word: "ex") == ["exit", "expect", "expect-error", "expect-rows"])
    }

    @Test func flagsAndTheirValues() {
        #expect(completer.candidates(line: "login a@b.fr --pa", start: 13, word: "--pa") == ["--password"])
        #expect(completer.candidates(line: "wait-event notice --timeout ", start: 28, word: "") == ["1s", "5s", "30s"])
    }

    @Test func subcommandsAndValues() {
        #expect(completer.candidates(line: "admin s", start: 6, word: "s") == ["status", "sessions"])
        #expect(completer.candidates(line: "set errexit o", start: 12, word: "o") == ["on", "off"])
        #expect(completer.candidates(line: "help who", start: 5, word: "who") == ["whoami"])
        #expect(completer.candidates(line: "nosuch x", start: 7, word: "x").isEmpty)
    }

    @Test func filePathsForIncludes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("facturo-complete-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("scenarios"), withIntermediateDirectories: true)
        try "".write(to: folder.appendingPathComponent("setup.fcs"), atomically: true, encoding: .utf8)
        try "".write(to: folder.appendingPathComponent(".hidden"), atomically: true, encoding: .utf8)
        let prefix = folder.path + "/s"
        #expect(completer.candidates(line: "include " + prefix, start: 8, word: prefix) == [folder.path + "/scenarios/", folder.path + "/setup.fcs"])
        #expect(CompletionValues.filePaths(folder.path + "/").count == 2, "hidden files only when asked for")
    }
}

@Suite struct EventInboxTests {
    static func notice(_ text: String) -> ConsoleEvent {
        ConsoleEvent(kind: "notice", fields: [.init("text", text)])
    }

    @Test func bufferedEventsAreTakenInOrderAndOnlyOnce() async {
        let inbox = EventInbox()
        await inbox.deliver(Self.notice("one"))
        await inbox.deliver(Self.notice("two"))
        #expect(await inbox.next(matching: { $0["text"] == "two" }, timeout: .seconds(1)) == Self.notice("two"))
        #expect(await inbox.next(matching: { _ in true }, timeout: .seconds(1)) == Self.notice("one"))
        #expect(await inbox.next(matching: { _ in true }, timeout: .milliseconds(50)) == nil, "nothing left: times out")
    }

    @Test func aWaiterGetsTheNextMatchingEvent() async {
        let inbox = EventInbox()
        async let waited = inbox.next(matching: { $0["text"]?.contains("18 h") == true }, timeout: .seconds(30))
        // Deliver until the waiter has registered and taken its event.
        var result: ConsoleEvent?
        await inbox.deliver(Self.notice("autre"))
        await inbox.deliver(Self.notice("Maintenance à 18 h"))
        result = await waited
        #expect(result == Self.notice("Maintenance à 18 h"))
    }
}

@Suite struct StyleTests {
    @Test func coloursOnlyWhenEnabled() {
        #expect(Style(enabled: false).error("x") == "x")
        #expect(Style(enabled: true).error("x") == "\u{1B}[31mx\u{1B}[0m")
    }
}

/// Connection failures say what happened and what to try, in the
/// console's language, not in NIO's or BoringSSL's.
@Suite struct ConnectionAdviceTests {
    @Test func aStoppedServerAsksWhetherItRunsAndHowToChooseAnother() {
        let error = ConsoleError.from(ClientError.connectFailed(
            "127.0.0.1:7443: Connection errors: SingleConnectionFailure(target: [IPv4]127.0.0.1/127.0.0.1:7443, error: connection reset (error set): Connection refused) (errno: 111))"
        ))
        #expect(error.status == .connectionOrAuth)
        #expect(error.message.hasPrefix("connexion refusée par 127.0.0.1:7443 : le serveur tourne-t-il à cette adresse ?"))
        #expect(error.message.contains("--server HOTE:PORT"))
    }

    @Test func anUnknownServerCertificateNamesTheCAOption() {
        let error = ConsoleError.from(ClientError.tls("handshakeFailed(sslError([error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED]))"))
        #expect(error.status == .connectionOrAuth)
        #expect(error.message.contains("--ca certs/ca.crt ou FACTURO_CA"))
        let required = ConsoleError.from(ClientError.tls("sslError(TLSV1_ALERT_CERTIFICATE_REQUIRED)"))
        #expect(required.message.contains("--cert FICHIER.crt --key FICHIER.key"))
    }
}

/// A lost session is said in words, and logged in again only when the loss
/// was nobody's decision.
@Suite struct SessionLostTests {
    static func lost(_ code: ErrorCode, _ message: String) -> SessionLost {
        SessionLost(email: "a@b.fr", byCertificate: false, reason: .server(WireError(code, message, fatal: true)))
    }

    @Test func anIdleTimeoutIsRecoverableADeactivationIsNot() {
        #expect(Self.lost(.idleTimeout, "connexion inactive depuis 300 s").isRecoverable)
        #expect(SessionLost(email: "a@b.fr", byCertificate: true, reason: .connectionClosed).isRecoverable)
        #expect(!Self.lost(.accountDisabled, "désactivé").isRecoverable)
        #expect(!Self.lost(.sessionClosed, "fermée par un administrateur").isRecoverable)
        #expect(SessionLost(email: "a@b.fr", byCertificate: true, reason: .connectionClosed).loginLine == "login --certificate a@b.fr")
    }

    @Test func theNextCommandIsToldWhyWithTheServersCode() {
        let error = ConsoleError.from(Self.lost(.idleTimeout, "connexion inactive depuis 300 s"))
        #expect(error.status == .connectionOrAuth)
        #expect(error.code == .idleTimeout)
        #expect(error.message == "la session de a@b.fr s'est terminée : le serveur a fermé la connexion inactive (connexion inactive depuis 300 s) ; la commande n'a pas été envoyée ; reconnectez-vous (login a@b.fr)")
        #expect(!ConsoleError.from(Self.lost(.accountDisabled, "ce compte est désactivé")).message.contains("reconnectez-vous"))
    }
}

/// What the history file keeps.
@Suite struct HistoryPolicyTests {
    @Test func noDuplicateOfThePreviousLineNoHugeLineNoSecret() {
        #expect(HistoryPolicy.entry(for: "whoami  ", previous: nil) == "whoami", "completion's trailing space dropped")
        #expect(HistoryPolicy.entry(for: "whoami", previous: "whoami") == nil, "the same line twice in a row is kept once")
        #expect(HistoryPolicy.entry(for: "whoami", previous: "ping") == "whoami")
        #expect(HistoryPolicy.entry(for: " whoami", previous: nil) == nil, "a leading space keeps a line out")
        #expect(HistoryPolicy.entry(for: "login a@b.fr --password secret", previous: nil) == nil)
        #expect(HistoryPolicy.entry(for: "set --secret TOKEN abc", previous: nil) == nil)
        #expect(HistoryPolicy.entry(for: "echo " + String(repeating: "x", count: HistoryPolicy.maximumLength), previous: nil) == nil)
        #expect(HistoryPolicy.entry(for: "   ", previous: nil) == nil)
    }
}

/// Notes for people beside data: in the table format after it; in machine
/// formats never inside the document.
@Suite struct AnnotatedOutputTests {
    @Test func aNoteStaysOutOfMachineFormats() {
        let output = CommandOutput.annotated(.table(columns: ["a"], rows: [["1"]]), note: "1 sur 3 : --offset 1")
        #expect(OutputRenderer(format: .json).render(output) == "[{\"a\":\"1\"}]\n")
        #expect(OutputRenderer(format: .table).render(output).hasSuffix("1 sur 3 : --offset 1\n"))
        #expect(output.split.note == "1 sur 3 : --offset 1")
        #expect(CommandOutput.notice("Connecté").split.data == .none)
    }
}

/// Tab offers the caller's own structures where a STRUCTURE is expected,
/// and oui/non where a yes/no value is.
@Suite struct StructureCompletionTests {
    @Test func theCallersSiretsAndYesNo() {
        KnownStructures.shared.replace(with: ["21100001900011", "20007104100046"])
        let completer = Completer(registry: Console.registry())
        #expect(completer.candidates(line: "techaccount list ", start: 17, word: "") == ["21100001900011", "20007104100046"])
        #expect(completer.candidates(line: "audit --structure 211", start: 18, word: "211") == ["21100001900011"])
        #expect(completer.candidates(line: "habilitation grant a@b.fr ", start: 26, word: "") == ["21100001900011", "20007104100046"])
        #expect(completer.candidates(line: "directory search --public ", start: 26, word: "") == ["oui", "non"])
        #expect(completer.candidates(line: "directory update 21100001900011 --mise-en-paiement n", start: 51, word: "n") == ["non"])
    }
}
