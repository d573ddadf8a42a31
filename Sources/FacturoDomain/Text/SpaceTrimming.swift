import Foundation

extension String {
    /// The string without the spaces and tabs at either end, exactly as
    /// `trimmingCharacters(in: .whitespaces)`; but when both ends are ASCII
    /// characters outside that set (nearly always: every value read back
    /// from the store), the string itself, without the round trip through
    /// Foundation that showed in the request path's profile.
    func trimmingSpaces() -> String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        if first < 0x80, last < 0x80, !Self.asciiWhitespace[Int(first)], !Self.asciiWhitespace[Int(last)] { return self }
        return trimmingCharacters(in: .whitespaces)
    }

    /// Which ASCII characters Foundation counts as `.whitespaces`, asked of
    /// Foundation itself: its set differs between platforms beyond ASCII
    /// (U+200B is in it on Linux), so anything else is left to it.
    private static let asciiWhitespace: [Bool] = (0..<128).map { CharacterSet.whitespaces.contains(Unicode.Scalar(UInt8($0))) }
}
