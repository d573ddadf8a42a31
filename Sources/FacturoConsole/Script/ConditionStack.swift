/// Nesting of `if` / `else` / `end` while lines stream by: which blocks
/// are open and whether the current line runs.
struct ConditionStack {
    private struct Frame {
        var location: SourceLocation
        var parentActive: Bool
        var condition: Bool
        var inElse = false
        var active: Bool { parentActive && (inElse ? !condition : condition) }
    }

    private var frames: [Frame] = []

    var isActive: Bool { frames.last?.active ?? true }
    var isEmpty: Bool { frames.isEmpty }
    var innermost: SourceLocation? { frames.last?.location }

    mutating func pushIf(_ condition: Bool, at location: SourceLocation) {
        frames.append(Frame(location: location, parentActive: isActive, condition: condition))
    }

    mutating func flipToElse() throws(ConsoleError) {
        guard var frame = frames.popLast() else { throw .usage("else sans if") }
        guard !frame.inElse else { throw .usage("deux else pour le même if (ligne \(frame.location.line))") }
        frame.inElse = true
        frames.append(frame)
    }

    mutating func end() throws(ConsoleError) {
        guard frames.popLast() != nil else { throw .usage("end sans if") }
    }
}
