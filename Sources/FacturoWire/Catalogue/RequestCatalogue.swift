/// Every request type of this protocol version: the union of the areas'
/// catalogues. A new request type is declared in its area's file only; a
/// new area adds its catalogue to `areas`.
public enum RequestCatalogue {
    public static let areas: [[AnyRequestDescriptor]] = [
        SessionCatalogue.all,
        AdministrationCatalogue.all,
        DirectoryCatalogue.all,
        UserCatalogue.all,
        HabilitationCatalogue.all,
        TechnicalAccountCatalogue.all,
        AuditCatalogue.all,
        InvoiceCatalogue.all,
    ]

    /// Every request descriptor, in number order.
    public static let all: [AnyRequestDescriptor] = areas.flatMap { $0 }.sorted { $0.messageType.rawValue < $1.messageType.rawValue }

    /// The descriptor of a request type, nil if this version does not define it.
    public static func descriptor(for type: MessageType) -> AnyRequestDescriptor? {
        byType[type]
    }

    private static let byType: [MessageType: AnyRequestDescriptor] = {
        var table: [MessageType: AnyRequestDescriptor] = [:]
        for descriptor in all {
            precondition(table[descriptor.messageType] == nil, "message type \(descriptor.messageType.rawValue) declared twice")
            table[descriptor.messageType] = descriptor
        }
        return table
    }()
}
