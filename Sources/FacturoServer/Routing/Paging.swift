import FacturoWire

/// The paging every list request takes (PROTOCOL.md, "Paged lists"): at
/// most `limit` items after `cursor`, in an order fixed by a unique key
/// per item; the answer says where the next page starts and how many
/// items the whole list has.
///
/// The cursor is the key of the last item given, compared byte-wise: a
/// page starts after it even if that item has gone meanwhile, so items
/// never repeat and none that stayed is skipped.
struct Paging: Sendable {
    static let defaultLimit = 100
    static let maximumLimit = 1_000
    static let maximumCursorLength = 1_024

    let limit: Int
    let cursor: String?

    /// A `limit` of 0 means the default; above the maximum, the maximum.
    init(limit: UInt32, cursor: String) throws(WireError) {
        guard cursor.utf8.count <= Self.maximumCursorLength else {
            throw WireError(.invalidArgument, "cursor trop long (au plus \(Self.maximumCursorLength) octets) : repassez tel quel le next_cursor reçu")
        }
        self.limit = limit == 0 ? Self.defaultLimit : Int(min(limit, UInt32(Self.maximumLimit)))
        self.cursor = cursor.isEmpty ? nil : cursor
    }

    struct Page<Item> {
        var items: [Item]
        /// Empty on the last page.
        var nextCursor: String
        var total: Int
    }

    /// The page of `all` (the whole list, any order) this request asks for.
    func page<Item>(_ all: [Item], key: (Item) -> String) -> Page<Item> {
        let keyed = all.map { (key: key($0), item: $0) }.sorted { Self.precedes($0.key, $1.key) }
        let start = cursor.map { cursor in keyed.firstIndex { Self.precedes(cursor, $0.key) } ?? keyed.endIndex } ?? keyed.startIndex
        let slice = keyed[start...].prefix(limit)
        let more = slice.endIndex < keyed.endIndex
        return Page(items: slice.map(\.item), nextCursor: more ? slice.last?.key ?? "" : "", total: all.count)
    }

    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// A number as a key that sorts like the number (non-negative).
    static func sortable(_ number: Int64) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 19 - digits.count)) + digits
    }

    /// Separates the parts of a composite key; sorts before any character.
    static let separator = "\u{1}"
}
