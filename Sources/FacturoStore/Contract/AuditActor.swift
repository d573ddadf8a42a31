import FacturoDomain

/// Who makes a change, as the audit log records it.
public struct AuditActor: Sendable, Equatable {
    public var userID: UserID?
    /// E-mail of the user, or a name such as `système` for set-up tasks.
    public var label: String

    public init(userID: UserID?, label: String) {
        self.userID = userID
        self.label = label
    }

    public init(_ user: User) {
        self.init(userID: user.id, label: user.email.value)
    }

    /// Initialisation and demo loading, run by the operator on the machine.
    public static let system = AuditActor(userID: nil, label: "système")
    /// The exchange's own moves (routing a deposit to its recipient).
    public static let platform = AuditActor(userID: nil, label: "plateforme")
}
