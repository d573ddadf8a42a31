import Crypto
import Foundation
import NIOConcurrencyHelpers

/// The last exports made, so that the slices of one download are cut from
/// the same bytes and an export is made once, not once per 4 MiB slice.
/// Keyed by invoice, format and the invoice's history length (a change to
/// the invoice makes a new export); a few entries, 64 MiB at most. Each
/// keeps its SHA-256, computed once, not once per slice.
final class ExportCache: Sendable {
    struct Key: Hashable {
        var invoice: String
        var format: String
        var version: Int
    }

    struct Export {
        var data: Data
        /// SHA-256, base64.
        var digest: String

        init(_ data: Data) {
            self.data = data
            digest = Data(SHA256.hash(data: data)).base64EncodedString()
        }
    }

    private let entries = NIOLockedValueBox<[(key: Key, export: Export)]>([])
    static let maximumEntries = 8
    static let maximumBytes = 64 << 20

    func export(for key: Key) -> Export? {
        entries.withLockedValue { entries in entries.first { $0.key == key }?.export }
    }

    func store(_ export: Export, for key: Key) {
        guard export.data.count <= Self.maximumBytes else { return }
        entries.withLockedValue { entries in
            entries.removeAll { $0.key == key }
            entries.insert((key, export), at: 0)
            var total = 0
            entries = Array(entries.prefix { entry in
                total += entry.export.data.count
                return total <= Self.maximumBytes
            }.prefix(Self.maximumEntries))
        }
    }
}
