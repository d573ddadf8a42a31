/// Types 50-59: technical accounts (raccordements) bound to certificates.
public enum TechnicalAccountCatalogue {
    public static let create = RequestDescriptor<Facturo_V1_TechnicalAccountCreateRequest, Facturo_V1_TechnicalAccountCreateResponse>(50, "TechnicalAccountCreate")
    public static let list = RequestDescriptor<Facturo_V1_TechnicalAccountListRequest, Facturo_V1_TechnicalAccountListResponse>(51, "TechnicalAccountList")
    public static let revoke = RequestDescriptor<Facturo_V1_TechnicalAccountRevokeRequest, Facturo_V1_TechnicalAccountRevokeResponse>(52, "TechnicalAccountRevoke")
    public static let rebind = RequestDescriptor<Facturo_V1_TechnicalAccountRebindRequest, Facturo_V1_TechnicalAccountRebindResponse>(53, "TechnicalAccountRebind")

    public static let all: [AnyRequestDescriptor] = [create.erased, list.erased, revoke.erased, rebind.erased]
}
