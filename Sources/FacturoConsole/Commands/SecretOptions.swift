/// Options whose value is a password or a secret (`set --secret NAME
/// VALUE`). A line carrying one never enters the history file: secrets
/// typed at the prompt must not end up on disk.
public enum SecretOptions {
    public static let flags = ["--password", "--old", "--new", "--secret"]

    /// A plain substring test, on purpose: it errs on the side of keeping a
    /// line out (quoted or glued forms included).
    public static func appear(in line: String) -> Bool {
        flags.contains { line.contains($0) }
    }
}
