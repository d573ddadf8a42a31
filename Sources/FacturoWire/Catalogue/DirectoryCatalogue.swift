/// Types 20-29: the directory (annuaire) of structures and services.
public enum DirectoryCatalogue {
    public static let search = RequestDescriptor<Facturo_V1_DirectorySearchRequest, Facturo_V1_DirectorySearchResponse>(20, "DirectorySearch")
    public static let show = RequestDescriptor<Facturo_V1_StructureShowRequest, Facturo_V1_StructureShowResponse>(21, "StructureShow")
    public static let create = RequestDescriptor<Facturo_V1_StructureCreateRequest, Facturo_V1_StructureCreateResponse>(22, "StructureCreate")
    public static let update = RequestDescriptor<Facturo_V1_StructureUpdateRequest, Facturo_V1_StructureUpdateResponse>(23, "StructureUpdate")
    public static let saveService = RequestDescriptor<Facturo_V1_ServiceSaveRequest, Facturo_V1_ServiceSaveResponse>(24, "ServiceSave")
    public static let importChunk = RequestDescriptor<Facturo_V1_DirectoryImportRequest, Facturo_V1_DirectoryImportResponse>(25, "DirectoryImport")

    public static let all: [AnyRequestDescriptor] = [
        search.erased, show.erased, create.erased, update.erased, saveService.erased, importChunk.erased,
    ]
}
