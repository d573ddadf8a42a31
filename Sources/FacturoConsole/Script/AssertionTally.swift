/// Counts of assertions (`expect`, `expect-error`, `expect-rows`) in a run.
public struct AssertionTally: Sendable, Equatable {
    public var passed = 0
    public var failed = 0

    public var total: Int { passed + failed }

    /// The closing line of a script run, in the form test runners read.
    public var summary: String { "assertions : \(passed) réussie(s), \(failed) en échec" }
}
