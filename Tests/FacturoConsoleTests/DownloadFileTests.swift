import Crypto
@testable import FacturoConsole
import Foundation
import Testing

/// `invoice export --out` and `invoice attachment --out`: the file appears
/// whole or not at all, and a folder of that name is never touched.
@Suite struct DownloadFileTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("download-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func digest(_ data: Data) -> String { Data(SHA256.hash(data: data)).base64EncodedString() }

    func partialFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".partiel") }
    }

    @Test func twoDownloadsToOneNameDoNotShareTheirPartialFile() throws {
        let out = folder.appendingPathComponent("facture.xml")
        let first = try DownloadFile(out.path)
        let second = try DownloadFile(out.path)
        try first.append(Data("première".utf8))
        try second.append(Data("seconde".utf8))
        #expect(partialFiles().count == 2)
        try second.place(digest: digest(Data("seconde".utf8)))
        try first.place(digest: digest(Data("première".utf8)))
        #expect(try Data(contentsOf: out) == Data("première".utf8))
    }

    @Test func aCancelledDownloadStopsAndLeavesNothing() async throws {
        let out = folder.appendingPathComponent("facture.xml")
        let task = Task {
            let file = try DownloadFile(out.path)
            try file.append(Data("début".utf8))
            withUnsafeCurrentTask { $0?.cancel() } // Ctrl-C between two slices
            try file.append(Data("suite".utf8))
        }
        await #expect(throws: ConsoleError.self) { try await task.value }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(partialFiles().isEmpty)
    }

    @Test func aFolderNamedAsTheOutputIsRefusedAndKept() throws {
        let kept = folder.appendingPathComponent("documents")
        try FileManager.default.createDirectory(at: kept, withIntermediateDirectories: true)
        try Data("à garder".utf8).write(to: kept.appendingPathComponent("note.txt"))
        #expect(throws: ConsoleError.self) { try DownloadFile(kept.path) }
        #expect(FileManager.default.fileExists(atPath: kept.appendingPathComponent("note.txt").path))
        #expect(partialFiles().isEmpty)
    }

    @Test func aFolderMadeDuringTheDownloadIsNotReplaced() throws {
        let out = folder.appendingPathComponent("facture.xml")
        let file = try DownloadFile(out.path)
        try file.append(Data("<Invoice/>".utf8))
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("à garder".utf8).write(to: out.appendingPathComponent("note.txt"))
        #expect(throws: ConsoleError.self) { try file.place(digest: digest(Data("<Invoice/>".utf8))) }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("note.txt").path))
    }

    @Test func aCompleteFileReplacesTheOldOneAndLeavesNoPartialFile() throws {
        let out = folder.appendingPathComponent("facture.xml")
        try Data("ancienne".utf8).write(to: out)
        let content = Data("<Invoice>nouvelle</Invoice>".utf8)
        let file = try DownloadFile(out.path)
        try file.append(content.prefix(9))
        try file.append(content.dropFirst(9))
        try file.place(digest: digest(content))
        #expect(try Data(contentsOf: out) == content)
        #expect(partialFiles().isEmpty)
    }

    @Test func aWrongDigestLeavesTheOldFileAndNoPartialFile() throws {
        let out = folder.appendingPathComponent("facture.xml")
        try Data("ancienne".utf8).write(to: out)
        do {
            let file = try DownloadFile(out.path)
            try file.append(Data("tronquée".utf8))
            #expect(throws: ConsoleError.self) { try file.place(digest: digest(Data("complète".utf8))) }
        }
        #expect(try Data(contentsOf: out) == Data("ancienne".utf8))
        #expect(partialFiles().isEmpty)
    }
}
