@testable import FacturoConsole
import Foundation
import Testing

@Suite("Script language")
struct ScriptEngineTests {
    @Test func variablesInterpolateWithDefaultsAndEnvironment() async {
        let h = EngineHarness()
        let (completion, _) = await h.run("""
            set NAME "CC DU CHAOURCOIS ET DU VAL D'ARMANCE"
            echo "[$NAME]" ${MISSING:-défaut} ${HOME_DIR}/x '$NAME'
            """, environment: ["HOME_DIR": "/home/léa"])
        #expect(completion == .finished)
        #expect(h.stdout == "[CC DU CHAOURCOIS ET DU VAL D'ARMANCE] défaut /home/léa/x $NAME\n")
    }

    @Test func undefinedVariableStopsWithFileAndLine() async {
        let h = EngineHarness()
        let (completion, _) = await h.run("echo ok\necho $NOPE\necho never")
        #expect(completion == .failed(.usageOrIO))
        #expect(h.stderr == "t.fcs:2: variable non définie : NOPE\n")
        #expect(h.stdout == "ok\n")
    }

    @Test func captureStoresRecordFieldsAndTableFirstRow() async {
        let h = EngineHarness()
        let (completion, engine) = await h.run("""
            invoice-show -> inv
            invoice-list 3 -> list
            say "Déconnecté." -> msg
            echo $inv.number $inv.status $list.rows $list.id "$msg"
            """)
        #expect(completion == .finished)
        #expect(h.stdout == "F-2026-001 MISE_A_DISPOSITION 3 1 Déconnecté.\n")
        #expect(engine.variables["inv.id"] == "42")
    }

    @Test func expectPassesAndFailsWithExpectedVersusActual() async {
        let h = EngineHarness()
        let (completion, engine) = await h.run("""
            invoice-show -> inv
            expect $inv.status == MISE_A_DISPOSITION
            expect $inv.amount > 7000
            expect $inv.status == REJETEE
            echo never
            """)
        #expect(completion == .failed(.assertionFailed))
        #expect(engine.tally == AssertionTally(passed: 2, failed: 1))
        #expect(h.stderr == "t.fcs:4: assertion échouée : expect MISE_A_DISPOSITION == REJETEE — attendu : « MISE_A_DISPOSITION » == « REJETEE »\n")
        #expect(!h.stdout.contains("never"))
    }

    @Test func amountsCompareAsExactDecimals() async {
        let h = EngineHarness()
        let (completion, engine) = await h.run("""
            expect 0.30 == 0.30
            expect 7040.00 >= 7040
            expect 10.10 > 10.09999999999999999
            expect 9 < 10
            expect abc < abd
            """)
        #expect(completion == .finished)
        #expect(engine.tally.failed == 0)
    }

    @Test func expectErrorAndExpectRows() async {
        let h = EngineHarness()
        let (completion, engine) = await h.run("""
            expect-error AUTH_REQUIRED refuse AUTH_REQUIRED
            expect-rows 3 invoice-list 3
            expect-rows 1 invoice-show
            set errexit off
            expect-error AUTH_REQUIRED refuse FORBIDDEN
            expect-error AUTH_REQUIRED invoice-show
            expect-rows 2 invoice-list 5
            """)
        #expect(completion == .finished)
        #expect(engine.tally == AssertionTally(passed: 3, failed: 3))
        #expect(h.stderr.contains("t.fcs:5: assertion échouée : expect-error AUTH_REQUIRED — attendu : erreur AUTH_REQUIRED, obtenu : FORBIDDEN: refusé"))
        #expect(h.stderr.contains("t.fcs:6:"))
        #expect(h.stderr.contains("t.fcs:7: assertion échouée : expect-rows 2 — attendu : 2 ligne(s), obtenu : 5"))
        #expect(Console.finish(completion, engine: engine) == .assertionFailed, "failed assertions exit 4 even with errexit off")
        #expect(h.stdout.hasSuffix("assertions : 3 réussie(s), 3 en échec\n"))
    }

    @Test func conditionalsNestAndSkipUnsetVariables() async {
        let h = EngineHarness()
        let (completion, _) = await h.run("""
            set MODE recycle
            if $MODE == recycle
              echo one
              if not $MODE
                echo $UNSET_IN_SKIPPED_BRANCH
              else
                echo two
              end
            else
              echo never
            end
            if $MODE =~ ^rec
              echo three
            end
            """)
        #expect(completion == .finished)
        #expect(h.stdout == "one\ntwo\nthree\n")
    }

    @Test("unbalanced blocks are reported", arguments: [
        ("if 1\necho x", "t.fcs:1: if sans end"),
        ("end", "t.fcs:1: end sans if"),
        ("else", "t.fcs:1: else sans if"),
        ("if 1\nelse\nelse\nend", "t.fcs:3: deux else pour le même if (ligne 1)"),
    ])
    func unbalanced(script: String, message: String) async {
        let h = EngineHarness()
        let (completion, _) = await h.run(script)
        #expect(completion == .failed(.usageOrIO))
        #expect(h.stderr == message + "\n")
    }

    @Test func errexitOffContinuesAfterAFailedCommand() async {
        let h = EngineHarness()
        let (completion, _) = await h.run("set errexit off\nrefuse NOT_FOUND\necho after")
        #expect(completion == .finished)
        #expect(h.stderr == "t.fcs:2: NOT_FOUND: refusé\n")
        #expect(h.stdout == "after\n")
    }

    /// With errexit off the script goes on; `$last_status` is the status
    /// of the line just run, and the exit status is the last line's.
    @Test func errexitOffExitsWithTheLastLinesStatus() async {
        let failedLast = EngineHarness()
        let (completion, engine) = await failedLast.run("set errexit off\nrefuse NOT_FOUND\necho $last_status\nrefuse NOT_FOUND")
        #expect(failedLast.stdout == "3\n")
        #expect(Console.finish(completion, engine: engine) == .commandFailed)
        let commented = EngineHarness()
        let (finished, engine2) = await commented.run("set errexit off\nrefuse NOT_FOUND\n# a comment\n\necho $last_status\n# the end")
        #expect(commented.stdout == "3\n", "comments and blank lines keep the last status")
        #expect(Console.finish(finished, engine: engine2) == .ok, "echo was the last line run")
        let endsOnAComment = EngineHarness()
        let (ended, engine3) = await endsOnAComment.run("set errexit off\nrefuse NOT_FOUND\n# a comment")
        #expect(Console.finish(ended, engine: engine3) == .commandFailed)
        let recovered = EngineHarness()
        let (again, later) = await recovered.run("set errexit off\nrefuse NOT_FOUND\necho recovered")
        #expect(Console.finish(again, engine: later) == .ok, "a later line that succeeds gives 0")
    }

    @Test func failedCommandStopsWithExitThree() async {
        let h = EngineHarness()
        let (completion, _) = await h.run("refuse NOT_FOUND\necho after")
        #expect(completion == .failed(.commandFailed))
        #expect(h.stdout.isEmpty)
    }

    @Test func lineContinuationKeepsTheFirstLineNumber() async {
        let h = EngineHarness()
        let (completion, _) = await h.run("echo a \\\n  b \\\n  c\necho $X")
        #expect(completion == .failed(.usageOrIO))
        #expect(h.stdout == "a b c\n")
        #expect(h.stderr.hasPrefix("t.fcs:4:"))
    }

    @Test func secretsAreMaskedInEverythingPrinted() async {
        let h = EngineHarness()
        let (_, _) = await h.run("""
            set --secret TOKEN_X s3cr3t-value
            echo token=$TOKEN_X env=$FACTURO_PASSWORD
            refuse $TOKEN_X
            """, environment: ["FACTURO_PASSWORD": "hunter2-long"])
        #expect(h.stdout == "token=******** env=********\n")
        #expect(h.stderr == "t.fcs:3: ********: refusé\n")
    }

    /// Only the secrets the console sends are masked, only for people, and
    /// short ones only as whole words.
    @Test(arguments: [OutputFormat.csv, .json, .table])
    func anEnvironmentVariableNamedLikeASecretRewritesNothing(_ format: OutputFormat) async {
        let h = EngineHarness()
        let engine = h.engine(environment: ["MY_TOKEN_TTL": "0", "API_SECRET": "7040"], format: format)
        _ = await engine.run(name: "t.fcs", lines: ["invoice-show", "echo 20 0 7040.00"])
        #expect(h.stdout.contains("7040.00") && h.stdout.contains("F-2026-001"))
        #expect(!h.stdout.contains("*"))
    }

    @Test func aShortDeclaredSecretIsMaskedAsAWordOnly() async {
        let h = EngineHarness()
        _ = await h.run("set --secret PIN 42\necho pin=$PIN id=420 x42 42")
        #expect(h.stdout == "pin=******** id=420 x42 ********\n")
    }

    @Test func machineFormatsAreNeverMaskedAndSetListsSecretsHidden() async {
        let h = EngineHarness()
        let engine = h.engine(environment: ["FACTURO_PASSWORD": "7040.00-long"], format: .csv)
        _ = await engine.run(name: "t.fcs", lines: ["invoice-show", "set --secret K sesame-ouvre-toi", "set"])
        #expect(h.stdout.contains("7040.00"))
        #expect(h.stdout.contains("********") && !h.stdout.contains("sesame"))
    }

    @Test func includeRunsRelativeFilesAndGuardsCycles() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("facturo-include-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("lib"), withIntermediateDirectories: true)
        try "set SHARED from-lib\ninclude ../leaf.fcs\n".write(to: folder.appendingPathComponent("lib/common.fcs"), atomically: true, encoding: .utf8)
        try "echo leaf $SHARED\n".write(to: folder.appendingPathComponent("leaf.fcs"), atomically: true, encoding: .utf8)
        try "include lib/common.fcs\necho main $SHARED\n".write(to: folder.appendingPathComponent("main.fcs"), atomically: true, encoding: .utf8)
        try "include loop-b.fcs\n".write(to: folder.appendingPathComponent("loop-a.fcs"), atomically: true, encoding: .utf8)
        try "echo b\ninclude loop-a.fcs\n".write(to: folder.appendingPathComponent("loop-b.fcs"), atomically: true, encoding: .utf8)

        let h = EngineHarness()
        let engine = h.engine()
        #expect(await engine.run(file: folder.appendingPathComponent("main.fcs").path) == .finished)
        #expect(h.stdout == "leaf from-lib\nmain from-lib\n")

        let cycle = EngineHarness()
        let loopPath = folder.appendingPathComponent("loop-a.fcs").path
        #expect(await cycle.engine().run(file: loopPath) == .failed(.usageOrIO))
        #expect(cycle.stderr.contains("loop-b.fcs:2: inclusion circulaire : loop-a.fcs"))
    }

    @Test func includeDepthIsBoundedAndFailuresPropagate() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("facturo-depth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for level in 0..<20 {
            try "include level\(level + 1).fcs\n".write(to: folder.appendingPathComponent("level\(level).fcs"), atomically: true, encoding: .utf8)
        }
        let deep = EngineHarness()
        #expect(await deep.engine().run(file: folder.appendingPathComponent("level0.fcs").path) == .failed(.usageOrIO))
        #expect(deep.stderr.contains("level15.fcs:1: trop d'inclusions imbriquées (maximum 16)"))
        #expect(deep.stderr.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 1, "reported once, where it happened")

        try "echo before\nrefuse NOT_FOUND\necho after\n".write(to: folder.appendingPathComponent("failing.fcs"), atomically: true, encoding: .utf8)
        try "include failing.fcs\necho never\n".write(to: folder.appendingPathComponent("outer.fcs"), atomically: true, encoding: .utf8)
        let failing = EngineHarness()
        #expect(await failing.engine().run(file: folder.appendingPathComponent("outer.fcs").path) == .failed(.commandFailed))
        #expect(failing.stdout == "before\n")
        #expect(failing.stderr.hasSuffix("failing.fcs:2: NOT_FOUND: refusé\n"))
    }

    @Test func sessionsSwitchByName() async {
        let h = EngineHarness()
        let (completion, engine) = await h.run("session\nsession fournisseur\nsession")
        #expect(completion == .finished)
        #expect(engine.sessions.currentName == "fournisseur")
        #expect(h.stdout == "session : main\nsession : fournisseur\n")
    }

    @Test func setFormatChangesTheRenderer() async {
        let h = EngineHarness()
        let (_, _) = await h.run("set format ndjson\ninvoice-list 2")
        #expect(h.stdout == #"{"id":"1","status":"DEPOSEE"}"# + "\n" + #"{"id":"2","status":"DEPOSEE"}"# + "\n")
    }

    @Test func durations() throws {
        #expect(try ScriptEngine.duration("500ms") == .milliseconds(500))
        #expect(try ScriptEngine.duration("2s") == .seconds(2))
        #expect(try ScriptEngine.duration("1.5") == .milliseconds(1500))
        #expect(throws: ConsoleError.self) { try ScriptEngine.duration("soon") }
    }

    @Test func helpUnknownCommandsAndUsage() async {
        let h = EngineHarness()
        let (completion, _) = await h.run("help login\nwhoam")
        #expect(completion == .failed(.usageOrIO))
        #expect(h.stdout.hasPrefix("login EMAIL [--password VALEUR] | login --certificate [EMAIL]\n"))
        #expect(h.stderr.hasPrefix("t.fcs:2: commande inconnue : whoam"))
        #expect(h.stderr.contains("whoami"))
    }

    @Test func connectionFailureIsExitStatusTwo() async {
        let h = EngineHarness()
        let (completion, _) = await h.run("ping")
        #expect(completion == .failed(.connectionOrAuth))
        #expect(h.stderr.hasPrefix("t.fcs:1: connexion refusée par 127.0.0.1:1 : le serveur tourne-t-il"))
    }

    @Test func helpListsEveryRegisteredCommand() async {
        let h = EngineHarness()
        _ = await h.run("help")
        for name in Console.registry().names {
            #expect(h.stdout.contains("  \(name) "), "help lists \(name)")
        }
    }
}
