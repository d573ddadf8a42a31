import Foundation

/// Zip archives for tests, made by Info-ZIP's `zip` (a Debian package the
/// set-up installs): the product only reads zips, and a test archive made
/// by another tool than the reader proves more.
enum ZipFiles {
    /// A fresh directory of its own.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("facturo-zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// An archive holding `files` (name, content), written in `directory`.
    static func make(_ files: [(String, Data)], in directory: URL? = nil) throws -> URL {
        let folder = try directory ?? Self.directory()
        for (name, content) in files { try content.write(to: folder.appendingPathComponent(name)) }
        let archive = folder.appendingPathComponent("archive-\(UUID().uuidString).zip")
        let zip = Process()
        zip.executableURL = URL(fileURLWithPath: "/usr/bin/zip")
        zip.currentDirectoryURL = folder
        zip.arguments = ["-q", "-X", archive.path] + files.map(\.0)
        try zip.run()
        zip.waitUntilExit()
        guard zip.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
        return archive
    }

    /// A `factures.csv` of `rows` (each already `;`-joined) under the
    /// required header.
    static func manifest(_ rows: [String]) -> Data {
        Data((["numero;date;destinataire;service;total_ht;total_tva;type_tva;fichier"] + rows).joined(separator: "\n").utf8)
    }

    static let pdf = Data("%PDF-1.4 facture de flux\n%%EOF\n".utf8)
}
