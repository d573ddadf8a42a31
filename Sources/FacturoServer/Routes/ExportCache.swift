import Foundation
import NIOConcurrencyHelpers

/// The last exports made, so that the slices of one download are cut from
/// the same bytes and an export is made once, not once per 4 MiB slice.
/// Keyed by invoice, format and the invoice's history length (a change to
/// the invoice makes a new export); a few entries, 64 MiB at most.
final class ExportCache: Sendable {
    struct Key: Hashable {
        var invoice: String
        var format: String
        var version: Int
    }

    private let entries = NIOLockedValueBox<[(key: Key, data: Data)]>([])
    static let maximumEntries = 8
    static let maximumBytes = 64 << 20

    func data(for key: Key) -> Data? {
        entries.withLockedValue { entries in entries.first { $0.key == key }?.data }
    }

    func store(_ data: Data, for key: Key) {
        guard data.count <= Self.maximumBytes else { return }
        entries.withLockedValue { entries in
            entries.removeAll { $0.key == key }
            entries.insert((key, data), at: 0)
            var total = 0
            entries = Array(entries.prefix { entry in
                total += entry.data.count
                return total <= Self.maximumBytes
            }.prefix(Self.maximumEntries))
        }
    }
}
