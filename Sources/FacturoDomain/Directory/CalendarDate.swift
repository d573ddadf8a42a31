/// A day without a time zone (`YYYY-MM-DD`), for validity periods: a
/// service valid "until 2026-12-31" is valid that whole day wherever the
/// server runs. Ordered as text, which is the ISO form's point.
public struct CalendarDate: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let iso: String

    public init(_ text: String) throws(DomainError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year)
        else {
            throw DomainError(.invalidDate, "date invalide : \(text.quotedForMessage) (AAAA-MM-JJ)")
        }
        iso = text
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String { iso }
    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.iso < b.iso }
}
