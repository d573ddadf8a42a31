import Foundation

/// The wire carries times as Unix milliseconds; the console shows them in
/// ISO 8601 UTC, one way everywhere (records, tables, events).
enum Timestamps {
    static func iso8601(unixMilliseconds: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(unixMilliseconds) / 1000))
    }
}
