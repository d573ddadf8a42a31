/// One line of the append-only audit log: who changed what, when, with the
/// state before and after (compact JSON written by the store; empty when
/// there was nothing before, or nothing after).
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    /// Unix milliseconds.
    public var at: Int64
    public var actor: String
    public var action: String
    /// The structure concerned, if any: what lets managers see their own lines.
    public var structure: StructureIdentifier?
    public var target: String
    public var before: String
    public var after: String

    public init(id: Int64, at: Int64, actor: String, action: String, structure: StructureIdentifier?, target: String, before: String, after: String) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.structure = structure
        self.target = target
        self.before = before
        self.after = after
    }
}
