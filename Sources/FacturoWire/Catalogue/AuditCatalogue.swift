/// Types 60-69: the audit log.
public enum AuditCatalogue {
    public static let list = RequestDescriptor<Facturo_V1_AuditListRequest, Facturo_V1_AuditListResponse>(60, "AuditList")

    public static let all: [AnyRequestDescriptor] = [list.erased]
}
