/// Options whose value is a password. A line carrying one never enters the
/// history file: passwords typed at the prompt must not end up on disk.
public enum SecretOptions {
    public static let flags = ["--password", "--old", "--new"]

    /// A plain substring test, on purpose: it errs on the side of keeping a
    /// line out (quoted or glued forms included).
    public static func appear(in line: String) -> Bool {
        flags.contains { line.contains($0) }
    }
}
