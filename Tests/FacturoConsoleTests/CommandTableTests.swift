@testable import FacturoConsole
import Testing

/// The command table all the way down: arguments parsed from the spec,
/// help, completion and the usage errors generated from it.
@Suite struct CommandTableTests {
    static let spec = CommandSpec(
        name: "list", summary: "test",
        positionals: [.init("STRUCTURE"), .init("TEXTE", optional: true, variadic: true)],
        options: [.init("--comment", "TEXTE"), .init("--public", "oui|non"), .init("--name", "NOM", required: true)],
        switches: ["--pending"]
    ) { _, _ in .none }

    @Test func argumentsAreParsedFromTheSpec() throws {
        let arguments = try CommandArguments(["--pending", "S", "--comment", "ok", "a", "b", "--name", "N"], for: Self.spec, path: "request list")
        #expect(arguments.switches == ["--pending"])
        #expect(arguments["STRUCTURE"] == "S")
        #expect(arguments.rest("TEXTE") == ["a", "b"])
        #expect(arguments.option("--comment") == "ok")
        #expect(try CommandArguments(["S", "--public", "oui", "--name", "N"], for: Self.spec, path: "x").yesNo("--public") == true)
        #expect(try CommandArguments(["S", "--public", "NON", "--name", "N"], for: Self.spec, path: "x").yesNo("--public") == false)
        #expect(try CommandArguments(["S", "--name", "N"], for: Self.spec, path: "x").yesNo("--public") == nil)
        #expect(throws: ConsoleError.self) { try CommandArguments(["S", "--public", "peut-être", "--name", "N"], for: Self.spec, path: "x").yesNo("--public") }
    }

    @Test func usageErrorsComeFromTheSpec() {
        #expect { try CommandArguments(["S", "--nope", "--name", "N"], for: Self.spec, path: "request list") } throws: {
            ($0 as? ConsoleError)?.message == "option inconnue : --nope (options : --comment, --name, --pending, --public)"
        }
        #expect { try CommandArguments(["--name", "N"], for: Self.spec, path: "request list") } throws: {
            ($0 as? ConsoleError)?.message == "usage : request list STRUCTURE [TEXTE...] [--comment TEXTE] [--public oui|non] --name NOM [--pending]"
        }
        #expect { try CommandArguments(["S"], for: Self.spec, path: "request list") } throws: {
            ($0 as? ConsoleError)?.message.hasPrefix("--name NOM est obligatoire") == true
        }
        #expect { try CommandArguments(["S", "--comment"], for: Self.spec, path: "x") } throws: {
            ($0 as? ConsoleError)?.message == "valeur attendue après --comment"
        }
    }

    @Test func unknownSubcommandsAreReportedOneWay() throws {
        let registry = Console.registry()
        for name in registry.names {
            let spec = try #require(registry[name])
            guard !spec.subcommands.isEmpty else { continue }
            #expect { try CommandHelp.resolve(spec, words: ["nosuch"]) } throws: {
                ($0 as? ConsoleError)?.message.hasPrefix("sous-commande inconnue : \(name) nosuch (") == true
            }
            #expect { try CommandHelp.resolve(spec, words: []) } throws: {
                ($0 as? ConsoleError)?.message.hasPrefix("usage : \(name) ") == true
            }
        }
    }

    @Test func tabAndHelpFollowTheSubcommands() async {
        let completer = Completer(registry: Console.registry())
        #expect(completer.candidates(line: "user ", start: 5, word: "") == ["create", "list", "activate", "deactivate", "attach", "detach", "role"])
        #expect(completer.candidates(line: "user role a@b.fr 21100001900011 ", start: 32, word: "") == ["gestionnaire_principal", "gestionnaire_secondaire", "utilisateur"])
        #expect(completer.candidates(line: "user create x --role g", start: 21, word: "g") == ["gestionnaire_principal", "gestionnaire_secondaire"])
        #expect(completer.candidates(line: "habilitation grant a@b.fr S ", start: 28, word: "") .contains("factures_recues"))
        #expect(completer.candidates(line: "request add S factures_recues ", start: 30, word: "") == ["consultation", "modification"])
        #expect(completer.candidates(line: "request ", start: 8, word: "") == ["add", "remove", "attach", "list", "approve", "refuse", "withdraw"])
        #expect(completer.candidates(line: "help request ", start: 13, word: "a") == ["add", "attach", "approve"])
        #expect(completer.candidates(line: "directory update S --public ", start: 28, word: "") == ["oui", "non"])

        let h = EngineHarness()
        _ = await h.run("help request list")
        #expect(h.stdout.contains("request list [--structure STRUCTURE] [--mine] [--pending]"))
        _ = await h.run("help user")
        #expect(h.stdout.contains("user role EMAIL STRUCTURE ROLE"))
    }

    @Test func everyCommandHasASummaryAndEveryGroupRunsOnlyThroughItsSubcommands() {
        let registry = Console.registry()
        for name in registry.names {
            guard let spec = registry[name] else { continue }
            #expect(!spec.summary.isEmpty)
            // A sub-command runs, or is itself a group (`draft line add`).
            func check(_ group: CommandSpec, path: String) {
                for sub in group.subcommands {
                    #expect(!sub.summary.isEmpty)
                    if sub.subcommands.isEmpty {
                        #expect(sub.run != nil, "\(path) \(sub.name) runs")
                    } else {
                        #expect(sub.run == nil)
                        check(sub, path: path + " " + sub.name)
                    }
                }
            }
            check(spec, path: name)
            if !spec.subcommands.isEmpty { #expect(spec.run == nil) }
        }
    }

    @Test func everyStatementSpecHasItsStatementAndTheReverse() {
        let specified = Set(LanguageStatements.all.map(\.name))
        #expect(specified == Set(ScriptEngine.statements.keys))
        #expect(LanguageStatements.all.allSatisfy { $0.run == nil })
    }

    @Test func dashesAreTextUnlessTheyNameAnOption() throws {
        let registry = Console.registry()
        let notice = try #require(registry["admin"]?.subcommand("notice"))
        let text = try CommandArguments(["---", "maintenance", "---"], for: notice, path: "admin notice")
        #expect(text.rest("TEXTE") == ["---", "maintenance", "---"])
        let marked = try CommandArguments(["--", "--dry-run", "18h"], for: notice, path: "admin notice")
        #expect(marked.rest("TEXTE") == ["--dry-run", "18h"], "after --, everything is text")
        let drain = try #require(registry["admin"]?.subcommand("drain"))
        #expect { try CommandArguments(["--dry-run"], for: drain, path: "admin drain") } throws: {
            ($0 as? ConsoleError)?.message.hasPrefix("option inconnue : --dry-run") == true
        }
    }
}
