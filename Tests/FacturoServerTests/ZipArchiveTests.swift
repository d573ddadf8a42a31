@testable import FacturoArchive
import Foundation
import Testing

/// The bounded zip reader: sizes are counted as inflated, never trusted.
@Suite struct ZipArchiveTests {
    @Test func readsEntriesByName() throws {
        let archive = try ZipArchive(path: ZipFiles.make([("factures.csv", Data("a;b\n".utf8)), ("f.pdf", ZipFiles.pdf)]).path, maximumEntries: 10)
        #expect(archive.entryNames == ["factures.csv", "f.pdf"])
        #expect(try archive.read("f.pdf", maximumSize: 1000) == [UInt8](ZipFiles.pdf))
        #expect(throws: ZipError.missingEntry("autre.pdf")) { try archive.read("autre.pdf", maximumSize: 1000) }
    }

    /// 30 MB of zeros inflate from a few kilobytes: the read stops at the
    /// limit instead of inflating it all.
    @Test func aZipBombStopsAtTheLimit() throws {
        let path = try ZipFiles.make([("bombe.pdf", Data(count: 30_000_000))])
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path.path)[.size] as? Int)
        #expect(size < 100_000)
        let archive = try ZipArchive(path: path.path, maximumEntries: 10)
        #expect(throws: ZipError.entryTooLarge("bombe.pdf", maximum: 10 * 1024 * 1024)) { try archive.read("bombe.pdf", maximumSize: 10 * 1024 * 1024) }
    }

    /// An archive that understates its entry's size (central directory and
    /// local header patched to 10 bytes) never yields more than the limit.
    @Test func aFalseDeclaredSizeIsNotBelieved() throws {
        let path = try ZipFiles.make([("x.pdf", Data(count: 1_000_000))])
        var bytes = try [UInt8](Data(contentsOf: path))
        func patch(signature: [UInt8], sizeOffset: Int) {
            var index = 0
            while index + 4 <= bytes.count {
                if Array(bytes[index..<index + 4]) == signature {
                    bytes.replaceSubrange(index + sizeOffset..<index + sizeOffset + 4, with: [10, 0, 0, 0])
                }
                index += 1
            }
        }
        patch(signature: [0x50, 0x4B, 0x03, 0x04], sizeOffset: 22)  // local header: uncompressed size
        patch(signature: [0x50, 0x4B, 0x01, 0x02], sizeOffset: 24)  // central directory: uncompressed size
        try Data(bytes).write(to: path)
        do {
            let archive = try ZipArchive(path: path.path, maximumEntries: 10)
            let content = try archive.read("x.pdf", maximumSize: 100)
            #expect(content.count <= 100)
        } catch {
            // Refused as damaged or too large: either way, not believed.
            switch error {
            case .entryTooLarge, .corruptEntry, .unreadable: break
            default: Issue.record("unexpected: \(error)")
            }
        }
    }

    /// The count comes from the archive's end record, before libzip reads
    /// (and allocates for) its whole central directory.
    @Test func tooManyEntriesAreRefusedBeforeAnyRead() throws {
        let files = (1...12).map { ("f\($0).pdf", ZipFiles.pdf) }
        let path = try ZipFiles.make(files).path
        #expect(try ZipArchive.declaredEntryCount(path) == 12)
        #expect(throws: ZipError.tooManyEntries(12, maximum: 10)) { try ZipArchive(path: path, maximumEntries: 10) }
        #expect(try ZipArchive(path: path, maximumEntries: 12).entryNames.count == 12)
    }

    @Test func notAZipIsUnreadable() throws {
        let path = try ZipFiles.directory().appendingPathComponent("bruit.zip")
        try Data((0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }).write(to: path)
        #expect {
            try ZipArchive(path: path.path, maximumEntries: 10)
        } throws: { error in
            if case .unreadable = error as? ZipError { return true }
            return false
        }
    }
}
