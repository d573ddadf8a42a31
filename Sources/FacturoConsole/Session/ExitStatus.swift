/// The console's documented exit codes (README, `facturo --help`), the
/// same contract as psql's: scripts and CI branch on them.
public enum ExitStatus: Int32, Sendable {
    case ok = 0
    /// Bad flags, unreadable script, unknown command.
    case usageOrIO = 1
    /// Could not connect, TLS refused, or authentication failed.
    case connectionOrAuth = 2
    /// A command failed while stop-on-error is on.
    case commandFailed = 3
    /// An assertion in a script did not hold.
    case assertionFailed = 4
}
