/// Server-pushed events, numbered above 1000 so that logs never confuse
/// them with requests.
public enum EventCatalogue {
    /// A message for people: administrators' broadcasts, maintenance, shutdown.
    public static let notice = EventDescriptor<Facturo_V1_NoticeEvent>(1001, "NoticeEvent", kind: "notice")
    /// One of the user's habilitation requests was decided.
    public static let requestDecided = EventDescriptor<Facturo_V1_HabilitationRequestDecidedEvent>(1002, "HabilitationRequestDecidedEvent", kind: "request-decided")

    /// A flow the user sent is finished (integrated, in part or not).
    public static let flowIntegrated = EventDescriptor<Facturo_V1_FlowIntegratedEvent>(1010, "FlowIntegratedEvent", kind: "flow-integrated")

    public static let all: [AnyEventDescriptor] = [notice.erased, requestDecided.erased, flowIntegrated.erased]

    public static func descriptor(for type: MessageType) -> AnyEventDescriptor? {
        byType[type]
    }

    public static func descriptor(kind: String) -> AnyEventDescriptor? {
        all.first { $0.kind == kind }
    }

    private static let byType = Dictionary(uniqueKeysWithValues: all.map { ($0.messageType, $0) })
}
