import FacturoDomain
import FacturoWire

/// Records of all-or-nothing imports, kept until their last chunk arrives.
///
/// Bounded (a few imports, a million records in all): a client that never
/// sends its last chunk cannot grow the server's memory without limit; the
/// oldest staged import is dropped instead, and its last chunk will say so.
actor ImportStaging {
    struct Key: Hashable {
        var session: String
        var importID: String
    }

    struct Staged {
        var records: [DirectoryImportLayout.Record] = []
        var rejected: [Facturo_V1_ImportRejection] = []
        var order: UInt64
    }

    static let maxImports = 4
    static let maxRecords = 1_000_000

    private var staged: [Key: Staged] = [:]
    private var counter: UInt64 = 0

    /// Adds a chunk; returns false if the import outgrew the bound, or if a
    /// later chunk arrives for an import not (or no longer) staged. A first
    /// chunk starts the import afresh.
    func add(_ key: Key, records: [DirectoryImportLayout.Record], rejected: [Facturo_V1_ImportRejection], first: Bool) -> Bool {
        if first { staged.removeValue(forKey: key) }
        if staged[key] == nil {
            guard first else { return false }
            if staged.count >= Self.maxImports, let oldest = staged.min(by: { $0.value.order < $1.value.order })?.key {
                staged.removeValue(forKey: oldest)
            }
            counter += 1
            staged[key] = Staged(order: counter)
        }
        guard staged[key]!.records.count + records.count <= Self.maxRecords else {
            staged.removeValue(forKey: key)
            return false
        }
        staged[key]!.records += records
        staged[key]!.rejected += rejected
        return true
    }

    func take(_ key: Key) -> Staged? {
        staged.removeValue(forKey: key)
    }

    func isStaged(_ key: Key) -> Bool { staged[key] != nil }
}
