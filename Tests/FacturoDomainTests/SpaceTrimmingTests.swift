@testable import FacturoDomain
import Foundation
import Testing

/// `trimmingSpaces` skips Foundation when no end is white space; it must
/// give exactly what Foundation gives in every case.
@Suite struct SpaceTrimmingTests {
    @Test(arguments: [
        "", " ", "\t", "abc", " abc", "abc ", "  a b  ", "\ta\t", "\u{00A0}Écoles\u{00A0}", "\u{3000}x", "x\u{2009}",
        "\nligne\n", " \n ", "\u{200B}zero-width", "é", "e\u{301}", "🇫🇷 ", "a\u{2028}",
    ])
    func sameAsFoundation(_ text: String) {
        #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces))
    }

    @Test func namesAreStillTrimmed() throws {
        #expect(try Service(code: "VOIRIE", label: "  Voirie\t").label == "Voirie")
        #expect(try EmailAddress(" Agent@Commune.FR ").value == "agent@commune.fr")
    }

    @Test func serviceCodesAreUpperCaseASCII() {
        #expect(throws: DomainError.self) { try Service(code: "voirie", label: "x") }
        #expect(throws: DomainError.self) { try Service(code: "VOIRIÉ", label: "x") }
        #expect(throws: DomainError.self) { try Service(code: String(repeating: "A", count: 101), label: "x") }
        #expect((try? Service(code: "SERVICE_2-B", label: "x")) != nil)
    }
}
