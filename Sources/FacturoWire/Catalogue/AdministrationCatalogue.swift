/// Types 10-19: platform administration (administrators only).
public enum AdministrationCatalogue {
    public static let serverStatus = RequestDescriptor<Facturo_V1_ServerStatusRequest, Facturo_V1_ServerStatusResponse>(10, "ServerStatus")
    public static let listSessions = RequestDescriptor<Facturo_V1_ListSessionsRequest, Facturo_V1_ListSessionsResponse>(11, "ListSessions")
    public static let closeSession = RequestDescriptor<Facturo_V1_CloseSessionRequest, Facturo_V1_CloseSessionResponse>(12, "CloseSession")
    public static let broadcastNotice = RequestDescriptor<Facturo_V1_BroadcastNoticeRequest, Facturo_V1_BroadcastNoticeResponse>(13, "BroadcastNotice")
    public static let drain = RequestDescriptor<Facturo_V1_DrainRequest, Facturo_V1_DrainResponse>(14, "Drain")
    public static let metrics = RequestDescriptor<Facturo_V1_ServerMetricsRequest, Facturo_V1_ServerMetricsResponse>(15, "ServerMetrics")

    public static let all: [AnyRequestDescriptor] = [
        serverStatus.erased, listSessions.erased, closeSession.erased, broadcastNotice.erased, drain.erased, metrics.erased,
    ]
}
