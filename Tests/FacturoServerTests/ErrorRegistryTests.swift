import FacturoDomain
@testable import FacturoServer
import FacturoWire
import Foundation
import Testing

/// One registry of error codes: each code declared once (wire or domain),
/// every declared code in `all`, and PROTOCOL.md's table equal to the union.
@Suite struct ErrorRegistryTests {
    @Test func eachCodeIsDeclaredOnceAcrossTheWireAndTheDomain() {
        let wire = ErrorCode.all.map(\.rawValue)
        let domain = DomainError.Code.all.map(\.rawValue)
        #expect(Set(wire).count == wire.count)
        #expect(Set(domain).count == domain.count)
        #expect(Set(wire).isDisjoint(with: domain), "codes declared in both layers: \(Set(wire).intersection(domain).sorted())")
    }

    /// A code declared in source but left out of `all` would reach the wire
    /// unseen by the registry: the declarations are read from the sources.
    @Test func everyDeclaredCodeIsInTheRegistry() throws {
        // `ErrorCode(rawValue: "X")`, `Code(rawValue: "X")` and `.init(rawValue: "X")`
        // with an upper-case code: every way to spell a code in source.
        let declaration = try NSRegularExpression(pattern: #"(?:ErrorCode|Code|\.init)\(rawValue: "([A-Z][A-Z0-9_]+)"\)"#)
        var declared: [String] = []
        for source in try RepositoryFiles.swiftSources() {
            let range = NSRange(source.startIndex..., in: source)
            for match in declaration.matches(in: source, range: range) {
                declared.append(String(source[Range(match.range(at: 1), in: source)!]))
            }
        }
        #expect(!declared.isEmpty)
        #expect(Set(declared) == Set(ErrorRegistry.all.map(\.rawValue)))
        #expect(Set(declared).count == declared.count, "a code string is declared twice")
    }

    @Test func protocolDocumentListsExactlyTheRegistry() throws {
        let rows = RepositoryFiles.markdownTable(in: try RepositoryFiles.text("PROTOCOL.md"), header: "| code | fatal | retryable | when |")
        let code = try NSRegularExpression(pattern: "`([A-Z][A-Z0-9_]+)`")
        var documented = Set<String>()
        for row in rows {
            let cell = row[0]
            for match in code.matches(in: cell, range: NSRange(cell.startIndex..., in: cell)) {
                documented.insert(String(cell[Range(match.range(at: 1), in: cell)!]))
            }
        }
        let registry = Set(ErrorRegistry.all.map(\.rawValue))
        #expect(documented.subtracting(registry).isEmpty, "documented but unknown: \(documented.subtracting(registry).sorted())")
        #expect(registry.subtracting(documented).isEmpty, "can reach the wire but undocumented: \(registry.subtracting(documented).sorted())")
    }

    @Test func severalViolationsTravelWithTheFirstOnesCode() throws {
        let error = try #require(DomainError(violations: [
            .init(.invalidSiret, "SIRET invalide", field: "structure"),
            .init(.invalidDate, "date invalide", rule: "BR-FR-01", field: "valid_from"),
        ]))
        let wire = WireError(error)
        #expect(wire.code.rawValue == "INVALID_SIRET")
        #expect(wire.violations.map(\.code.rawValue) == ["INVALID_SIRET", "INVALID_DATE"])
        #expect(wire.violations[1].rule == "BR-FR-01")
        let decoded = WireError(body: try Facturo_V1_ErrorBody(serializedBytes: try wire.body.serializedBytes() as [UInt8]))
        #expect(decoded == wire, "violations survive the error frame's encoding")
        #expect(DomainError(violations: []) == nil)
    }
}
