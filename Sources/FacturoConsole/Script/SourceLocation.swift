/// Where a line comes from, for `FILE:LINE: message` reports.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// Joins physical lines ending with an unescaped `\` into logical lines,
/// keeping the number of the first physical line of each.
struct LogicalLines: Sequence, IteratorProtocol {
    var physical: AnyIterator<String>
    var number = 0

    init(_ lines: some Sequence<String>) {
        var iterator = lines.makeIterator()
        physical = AnyIterator { iterator.next() }
    }

    mutating func next() -> (line: String, number: Int)? {
        guard var line = physical.next() else { return nil }
        number += 1
        let first = number
        while Self.continues(line), let following = physical.next() {
            number += 1
            line = String(line.dropLast()) + following
        }
        return (line, first)
    }

    /// An odd number of trailing backslashes: the last one escapes the newline.
    static func continues(_ line: String) -> Bool {
        line.reversed().prefix { $0 == "\\" }.count % 2 == 1
    }
}
