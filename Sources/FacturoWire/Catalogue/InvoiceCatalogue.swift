/// Types 100-139: sending invoices. 100s drafts (saisie), 110s uploads,
/// submissions and reads, 120s flows, 130s engagements. Types 200-229:
/// receiving and processing them. 200s status changes and the supplier's
/// follow-up, 210s history, 220s event subscriptions and notifications.
public enum InvoiceCatalogue {
    public static let draftCreate = RequestDescriptor<Facturo_V1_DraftCreateRequest, Facturo_V1_DraftResponse>(100, "DraftCreate")
    public static let draftUpdate = RequestDescriptor<Facturo_V1_DraftUpdateRequest, Facturo_V1_DraftResponse>(101, "DraftUpdate")
    public static let draftLineAdd = RequestDescriptor<Facturo_V1_DraftLineAddRequest, Facturo_V1_DraftResponse>(102, "DraftLineAdd")
    public static let draftLineUpdate = RequestDescriptor<Facturo_V1_DraftLineUpdateRequest, Facturo_V1_DraftResponse>(103, "DraftLineUpdate")
    public static let draftLineRemove = RequestDescriptor<Facturo_V1_DraftLineRemoveRequest, Facturo_V1_DraftResponse>(104, "DraftLineRemove")
    public static let draftShow = RequestDescriptor<Facturo_V1_DraftShowRequest, Facturo_V1_DraftResponse>(105, "DraftShow")
    public static let draftList = RequestDescriptor<Facturo_V1_DraftListRequest, Facturo_V1_DraftListResponse>(106, "DraftList")
    public static let draftDelete = RequestDescriptor<Facturo_V1_DraftDeleteRequest, Facturo_V1_DraftDeleteResponse>(107, "DraftDelete")
    public static let draftAttach = RequestDescriptor<Facturo_V1_DraftAttachRequest, Facturo_V1_DraftResponse>(108, "DraftAttach")

    public static let fileUpload = RequestDescriptor<Facturo_V1_FileUploadRequest, Facturo_V1_FileUploadResponse>(110, "FileUpload")
    public static let draftSend = RequestDescriptor<Facturo_V1_DraftSendRequest, Facturo_V1_SubmissionResponse>(111, "DraftSend")
    public static let deposit = RequestDescriptor<Facturo_V1_InvoiceDepositRequest, Facturo_V1_SubmissionResponse>(112, "InvoiceDeposit")
    public static let search = RequestDescriptor<Facturo_V1_InvoiceSearchRequest, Facturo_V1_InvoiceSearchResponse>(113, "InvoiceSearch")
    public static let show = RequestDescriptor<Facturo_V1_InvoiceShowRequest, Facturo_V1_InvoiceShowResponse>(114, "InvoiceShow")
    public static let attachment = RequestDescriptor<Facturo_V1_InvoiceAttachmentRequest, Facturo_V1_InvoiceAttachmentResponse>(115, "InvoiceAttachment")

    public static let submit = RequestDescriptor<Facturo_V1_InvoiceSubmitRequest, Facturo_V1_SubmissionResponse>(118, "InvoiceSubmit")
    public static let certificateShow = RequestDescriptor<Facturo_V1_CertificateShowRequest, Facturo_V1_CertificateShowResponse>(116, "CertificateShow")
    public static let certificateKey = RequestDescriptor<Facturo_V1_CertificateKeyRequest, Facturo_V1_CertificateKeyResponse>(117, "CertificateKey")

    public static let flowSend = RequestDescriptor<Facturo_V1_FlowSendRequest, Facturo_V1_FlowSendResponse>(120, "FlowSend")
    public static let flowStatus = RequestDescriptor<Facturo_V1_FlowStatusRequest, Facturo_V1_FlowStatusResponse>(121, "FlowStatus")
    public static let flowReport = RequestDescriptor<Facturo_V1_FlowReportRequest, Facturo_V1_FlowReportResponse>(122, "FlowReport")
    public static let flowList = RequestDescriptor<Facturo_V1_FlowListRequest, Facturo_V1_FlowListResponse>(123, "FlowList")

    public static let engagementSave = RequestDescriptor<Facturo_V1_EngagementSaveRequest, Facturo_V1_EngagementSaveResponse>(130, "EngagementSave")
    public static let engagementImport = RequestDescriptor<Facturo_V1_EngagementImportRequest, Facturo_V1_EngagementImportResponse>(131, "EngagementImport")
    public static let engagementList = RequestDescriptor<Facturo_V1_EngagementListRequest, Facturo_V1_EngagementListResponse>(132, "EngagementList")
    public static let engagementRemove = RequestDescriptor<Facturo_V1_EngagementRemoveRequest, Facturo_V1_EngagementRemoveResponse>(133, "EngagementRemove")

    public static let process = RequestDescriptor<Facturo_V1_InvoiceProcessRequest, Facturo_V1_InvoiceProcessResponse>(200, "InvoiceProcess")
    public static let refuse = RequestDescriptor<Facturo_V1_InvoiceRefuseRequest, Facturo_V1_InvoiceProcessResponse>(201, "InvoiceRefuse")
    public static let complete = RequestDescriptor<Facturo_V1_InvoiceCompleteRequest, Facturo_V1_InvoiceProcessResponse>(202, "InvoiceComplete")
    public static let recycle = RequestDescriptor<Facturo_V1_InvoiceRecycleRequest, Facturo_V1_InvoiceProcessResponse>(203, "InvoiceRecycle")
    public static let acknowledge = RequestDescriptor<Facturo_V1_InvoiceAcknowledgeRequest, Facturo_V1_InvoiceProcessResponse>(204, "InvoiceAcknowledge")
    public static let statuses = RequestDescriptor<Facturo_V1_InvoiceStatusesRequest, Facturo_V1_InvoiceStatusesResponse>(205, "InvoiceStatuses")
    public static let synthesis = RequestDescriptor<Facturo_V1_InvoiceSynthesisRequest, Facturo_V1_InvoiceSynthesisResponse>(206, "InvoiceSynthesis")

    public static let history = RequestDescriptor<Facturo_V1_InvoiceHistoryRequest, Facturo_V1_InvoiceHistoryResponse>(210, "InvoiceHistory")
    public static let verifyAllHistories = RequestDescriptor<Facturo_V1_HistoryVerifyAllRequest, Facturo_V1_HistoryVerifyAllResponse>(211, "HistoryVerifyAll")

    public static let eventSubscriptions = RequestDescriptor<Facturo_V1_EventSubscriptionsRequest, Facturo_V1_EventSubscriptionsResponse>(220, "EventSubscriptions")
    public static let eventSubscribe = RequestDescriptor<Facturo_V1_EventSubscribeRequest, Facturo_V1_EventSubscriptionsResponse>(221, "EventSubscribe")
    public static let eventUnsubscribe = RequestDescriptor<Facturo_V1_EventUnsubscribeRequest, Facturo_V1_EventSubscriptionsResponse>(222, "EventUnsubscribe")
    public static let notificationList = RequestDescriptor<Facturo_V1_NotificationListRequest, Facturo_V1_NotificationListResponse>(223, "NotificationList")

    public static let check = RequestDescriptor<Facturo_V1_InvoiceCheckRequest, Facturo_V1_InvoiceCheckResponse>(400, "InvoiceCheck")
    public static let export = RequestDescriptor<Facturo_V1_InvoiceExportRequest, Facturo_V1_InvoiceExportResponse>(401, "InvoiceExport")
    public static let depositStructured = RequestDescriptor<Facturo_V1_InvoiceDepositStructuredRequest, Facturo_V1_SubmissionResponse>(402, "InvoiceDepositStructured")

    public static let all: [AnyRequestDescriptor] = [
        draftCreate.erased, draftUpdate.erased, draftLineAdd.erased, draftLineUpdate.erased, draftLineRemove.erased,
        draftShow.erased, draftList.erased, draftDelete.erased, draftAttach.erased,
        fileUpload.erased, draftSend.erased, deposit.erased, search.erased, show.erased, attachment.erased,
        certificateShow.erased, certificateKey.erased, submit.erased,
        flowSend.erased, flowStatus.erased, flowReport.erased, flowList.erased,
        engagementSave.erased, engagementImport.erased, engagementList.erased, engagementRemove.erased,
        process.erased, refuse.erased, complete.erased, recycle.erased, acknowledge.erased, statuses.erased, synthesis.erased,
        history.erased, verifyAllHistories.erased,
        eventSubscriptions.erased, eventSubscribe.erased, eventUnsubscribe.erased, notificationList.erased,
        check.erased, export.erased, depositStructured.erased,
    ]
}
