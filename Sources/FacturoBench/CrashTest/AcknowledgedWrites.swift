import Foundation
import NIOConcurrencyHelpers

/// The crash test's ledger: one line per write the server acknowledged,
/// appended as soon as the answer arrives (an unbuffered `write(2)`), so
/// that killing the server loses none of them. Only the server is killed;
/// the writer and its file outlive it.
///
///     user EMAIL                    account created, attached to STRUCTURE
///     attach EMAIL STRUCTURE        attachment created
///     grant EMAIL STRUCTURE APP LEVEL
///     request ID EMAIL STRUCTURE APP LEVEL
///     structure SIRET               created by a directory import chunk
///     pending KEY                   an invoice about to be sent (not an acknowledgement)
///     invoice ID KEY CERTIFICATE LINES DIGEST   invoice accepted: its certificate,
///                                   line count and attachment's SHA-256
public final class AcknowledgedWrites: Sendable {
    private let handle: NIOLockedValueBox<FileHandle>

    public init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        self.handle = NIOLockedValueBox(handle)
    }

    public func record(_ words: String...) {
        let line = Data((words.joined(separator: " ") + "\n").utf8)
        handle.withLockedValue { $0.write(line) }
    }

    /// The ledger's lines, split into words.
    public static func read(path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8)
            .split(separator: "\n")
            .map { $0.split(separator: " ").map(String.init) }
    }
}
