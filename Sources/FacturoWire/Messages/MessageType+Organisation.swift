/// Message types of the organisation feature (directory, users,
/// habilitations, technical accounts, audit). Numbers are grouped by tens
/// per area; PROTOCOL.md lists them with their payloads.
extension MessageType {
    public static let certificateLogin = MessageType(rawValue: 7)

    public static let directorySearch = MessageType(rawValue: 20)
    public static let structureShow = MessageType(rawValue: 21)
    public static let structureCreate = MessageType(rawValue: 22)
    public static let structureUpdate = MessageType(rawValue: 23)
    public static let serviceSave = MessageType(rawValue: 24)
    public static let directoryImport = MessageType(rawValue: 25)

    public static let userCreate = MessageType(rawValue: 30)
    public static let userList = MessageType(rawValue: 31)
    public static let userSetActive = MessageType(rawValue: 32)
    public static let passwordChange = MessageType(rawValue: 33)
    public static let passwordReset = MessageType(rawValue: 34)
    public static let attach = MessageType(rawValue: 35)
    public static let detach = MessageType(rawValue: 36)
    public static let setRole = MessageType(rawValue: 37)

    public static let myHabilitations = MessageType(rawValue: 40)
    public static let habilitationList = MessageType(rawValue: 41)
    public static let habilitationGrant = MessageType(rawValue: 42)
    public static let habilitationRevoke = MessageType(rawValue: 43)
    public static let requestCreate = MessageType(rawValue: 44)
    public static let requestList = MessageType(rawValue: 45)
    public static let requestDecide = MessageType(rawValue: 46)

    public static let technicalAccountCreate = MessageType(rawValue: 50)
    public static let technicalAccountList = MessageType(rawValue: 51)
    public static let technicalAccountRevoke = MessageType(rawValue: 52)
    public static let technicalAccountRebind = MessageType(rawValue: 53)

    public static let auditList = MessageType(rawValue: 60)

    public static let requestDecidedEvent = MessageType(rawValue: 1002)

    static let organisationRequests: [MessageType: String] = [
        .certificateLogin: "CertificateLogin",
        .directorySearch: "DirectorySearch",
        .structureShow: "StructureShow",
        .structureCreate: "StructureCreate",
        .structureUpdate: "StructureUpdate",
        .serviceSave: "ServiceSave",
        .directoryImport: "DirectoryImport",
        .userCreate: "UserCreate",
        .userList: "UserList",
        .userSetActive: "UserSetActive",
        .passwordChange: "PasswordChange",
        .passwordReset: "PasswordReset",
        .attach: "Attach",
        .detach: "Detach",
        .setRole: "SetRole",
        .myHabilitations: "MyHabilitations",
        .habilitationList: "HabilitationList",
        .habilitationGrant: "HabilitationGrant",
        .habilitationRevoke: "HabilitationRevoke",
        .requestCreate: "RequestCreate",
        .requestList: "RequestList",
        .requestDecide: "RequestDecide",
        .technicalAccountCreate: "TechnicalAccountCreate",
        .technicalAccountList: "TechnicalAccountList",
        .technicalAccountRevoke: "TechnicalAccountRevoke",
        .technicalAccountRebind: "TechnicalAccountRebind",
        .auditList: "AuditList",
    ]
}
