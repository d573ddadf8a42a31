/// Server-pushed events, numbered above 1000 so that logs never confuse
/// them with requests.
public enum EventCatalogue {
    /// A message for people: administrators' broadcasts, maintenance, shutdown.
    public static let notice = EventDescriptor<Facturo_V1_NoticeEvent>(1001, "NoticeEvent", kind: "notice")
    /// One of the user's habilitation requests was decided.
    public static let requestDecided = EventDescriptor<Facturo_V1_HabilitationRequestDecidedEvent>(1002, "HabilitationRequestDecidedEvent", kind: "request-decided")

    /// A habilitation request awaits a decision: to the structure's managers.
    public static let requestPending = EventDescriptor<Facturo_V1_RequestPendingEvent>(1003, "RequestPendingEvent", kind: "request-pending")

    /// A flow the user sent is finished (integrated, in part or not).
    public static let flowIntegrated = EventDescriptor<Facturo_V1_FlowIntegratedEvent>(1010, "FlowIntegratedEvent", kind: "flow-integrated")

    /// An invoice was made available to one of the user's structures.
    public static let invoiceReceived = EventDescriptor<Facturo_V1_InvoiceReceivedEvent>(1020, "InvoiceReceivedEvent", kind: "invoice-received")
    /// An invoice of one of the user's structures changed status.
    public static let invoiceStatus = EventDescriptor<Facturo_V1_InvoiceStatusEvent>(1021, "InvoiceStatusEvent", kind: "invoice-status")

    public static let all: [AnyEventDescriptor] = [
        notice.erased, requestDecided.erased, requestPending.erased, flowIntegrated.erased, invoiceReceived.erased, invoiceStatus.erased,
    ]

    public static func descriptor(for type: MessageType) -> AnyEventDescriptor? {
        byType[type]
    }

    public static func descriptor(kind: String) -> AnyEventDescriptor? {
        all.first { $0.kind == kind }
    }

    private static let byType = Dictionary(uniqueKeysWithValues: all.map { ($0.messageType, $0) })
}
