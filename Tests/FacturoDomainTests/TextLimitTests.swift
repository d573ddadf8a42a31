import FacturoDomain
import Testing

/// Bounds of free text, and how refusals quote a wrong value.
@Suite struct TextLimitTests {
    @Test func theLimitCountsCharactersNotBytes() {
        let limit = TextLimit(field: "comment", maximum: 3)
        #expect(domainErrorCode { try limit.check("ééé") } == nil, "6 bytes, 3 characters")
        #expect(domainErrorCode { try limit.check("éééé") } == "INVALID_ARGUMENT")
        do {
            try limit.check("abcd")
            Issue.record("accepted")
        } catch {
            #expect(error.violations.first?.field == "comment")
            #expect(error.message.contains("comment") && error.message.contains("3"))
        }
    }

    @Test func aQuotedValueIsCutAfterSixtyCharacters() {
        #expect("abc".quotedForMessage == "« abc »")
        let long = String(repeating: "9", count: 10_000)
        #expect(long.quotedForMessage == "« " + String(repeating: "9", count: 60) + "… »")
    }

    /// One character may be megabytes (a letter and its combining marks):
    /// four bytes per allowed character at most.
    @Test func bytesAreBoundedToo() {
        let limit = TextLimit(field: "key", maximum: 10)
        let heavy = "e" + String(repeating: "\u{301}", count: 40)
        #expect(heavy.count == 1)
        #expect(domainErrorCode { try limit.check(heavy) } == "INVALID_ARGUMENT")
        #expect(domainErrorCode { try limit.check(String(repeating: "é", count: 10)) } == nil, "ten two-byte characters")
        #expect(domainErrorCode { try limit.check(String(repeating: "😀", count: 10)) } == nil, "ten four-byte characters")
    }
}
