/// Types 40-49: habilitations and habilitation requests.
public enum HabilitationCatalogue {
    public static let mine = RequestDescriptor<Facturo_V1_MyHabilitationsRequest, Facturo_V1_MyHabilitationsResponse>(40, "MyHabilitations")
    public static let list = RequestDescriptor<Facturo_V1_HabilitationListRequest, Facturo_V1_HabilitationListResponse>(41, "HabilitationList")
    public static let grant = RequestDescriptor<Facturo_V1_HabilitationChangeRequest, Facturo_V1_HabilitationChangeResponse>(42, "HabilitationGrant")
    public static let revoke = RequestDescriptor<Facturo_V1_HabilitationChangeRequest, Facturo_V1_HabilitationChangeResponse>(43, "HabilitationRevoke")
    public static let createRequest = RequestDescriptor<Facturo_V1_HabilitationRequestCreateRequest, Facturo_V1_HabilitationRequestCreateResponse>(44, "HabilitationRequestCreate")
    public static let listRequests = RequestDescriptor<Facturo_V1_HabilitationRequestListRequest, Facturo_V1_HabilitationRequestListResponse>(45, "HabilitationRequestList")
    public static let decideRequest = RequestDescriptor<Facturo_V1_HabilitationRequestDecideRequest, Facturo_V1_HabilitationRequestDecideResponse>(46, "HabilitationRequestDecide")

    public static let all: [AnyRequestDescriptor] = [
        mine.erased, list.erased, grant.erased, revoke.erased, createRequest.erased, listRequests.erased, decideRequest.erased,
    ]
}
