/// Which typed lines the history file keeps, and as what: not blank ones,
/// not those starting with a space (the shell's way of keeping one line
/// out), not those that may carry a secret, not one longer than
/// `maximumLength` (a pasted file is no command to recall), and not the
/// same line twice in a row (as bash's `ignoredups`).
enum HistoryPolicy {
    static let maximumLength = 4_096

    /// The line to record (trailing spaces that completion leaves dropped),
    /// or nil.
    static func entry(for line: String, previous: String?) -> String? {
        guard !line.hasPrefix(" "), !SecretOptions.appear(in: line) else { return nil }
        let trimmed = String(line.reversed().drop(while: \.isWhitespace).reversed())
        guard !trimmed.isEmpty, trimmed.count <= maximumLength, trimmed != previous else { return nil }
        return trimmed
    }
}
