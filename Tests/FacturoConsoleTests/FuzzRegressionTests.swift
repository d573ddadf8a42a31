@testable import FacturoConsole
import Foundation
import Testing

/// Inputs the fuzz targets found (Fuzz/Corpus keeps each as a seed), as
/// plain tests of the behaviour they must keep.
@Suite struct FuzzRegressionTests {
    /// FuzzScriptLine, 2026-12-01: a line whose `=~` pattern is not a valid
    /// regular expression (with NUL and control bytes); Foundation leaked
    /// on it. The console must answer with its coded usage error.
    @Test func anInvalidPatternAfterMatchIsAUsageError() throws {
        var variables = Variables()
        variables.set("x", "42")
        let line = "l$x>$x\u{7F}:l$x>loe =~ B#\u{0}$x>$x\u{1}\u{0}\u{0}\u{0}$x(("
        let words = try LineTokenizer.split(line, variables: variables)
        let condition = try Condition(words: words)
        #expect(throws: ConsoleError.self) { try condition.evaluate() }
        #expect(throws: ConsoleError.self) { try Condition(words: ["a", "=~", "(unclosed"]).evaluate() }
    }
}
