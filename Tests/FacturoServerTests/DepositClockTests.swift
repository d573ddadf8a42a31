@testable import FacturoServer
import FacturoDomain
import Foundation
import Testing

/// The deposit day is Paris's calendar day, also when the cached day is
/// asked about another instant (before it, after it, across summer time).
@Suite struct DepositClockTests {
    func instant(_ iso: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: iso))
    }

    @Test func theDayIsParissAcrossMidnightAndSeasons() throws {
        let cases = [
            ("2026-12-01T22:59:59Z", "2026-12-01"),  // 23:59:59 in Paris (UTC+1)
            ("2026-12-01T23:00:00Z", "2026-12-02"),  // midnight in Paris
            ("2026-12-01T12:00:00Z", "2026-12-01"),  // back inside a day already seen
            ("2026-07-01T21:59:59Z", "2026-07-01"),  // summer: UTC+2
            ("2026-07-01T22:00:00Z", "2026-07-02"),
            ("2026-03-29T00:30:00Z", "2026-03-29"),  // the night summer time starts
            ("2026-12-01T23:00:00Z", "2026-12-02"),
        ]
        for (utc, day) in cases {
            #expect(DepositClock.day(of: try instant(utc)).iso == day, "\(utc)")
        }
    }
}
