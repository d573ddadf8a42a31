import Foundation

/// The official EN 16931 example invoices, read where the workplace keeps
/// them (`../shared/fixtures/en16931/` from the project's root), never
/// copied into the repository.
enum Fixtures {
    static let projectRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = projectRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/en16931")

    static func url(_ name: String) -> URL {
        let syntax = name.hasPrefix("CII") || name.hasPrefix("XRechnung") || name.hasPrefix("huf") ? "cii" : "ubl"
        return directory.appendingPathComponent(syntax).appendingPathComponent(name)
    }

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: url(name))
    }

    static func names(_ syntax: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(syntax).path)) ?? []
        return files.sorted()
    }

    static let ubl = names("ubl")
    static let cii = names("cii")
    static var all: [String] { ubl + cii }
}
