import FacturoStore
import Foundation
import Testing

/// A way to get a fresh, empty store: the contract suite runs once per
/// factory, so the PostgreSQL store will be held to the same tests by adding
/// its factory here.
struct StoreFactory: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable () throws -> any Store

    var testDescription: String { name }

    static let sqlite = StoreFactory(name: "SQLite") {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("facturo-contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try SQLiteStore(path: folder.appendingPathComponent("facturo.sqlite").path)
    }

    static let all: [StoreFactory] = [.sqlite]
}
