/// Types 30-39: accounts, passwords and attachments (rattachements).
public enum UserCatalogue {
    public static let create = RequestDescriptor<Facturo_V1_UserCreateRequest, Facturo_V1_UserCreateResponse>(30, "UserCreate")
    public static let list = RequestDescriptor<Facturo_V1_UserListRequest, Facturo_V1_UserListResponse>(31, "UserList")
    public static let setActive = RequestDescriptor<Facturo_V1_UserSetActiveRequest, Facturo_V1_UserSetActiveResponse>(32, "UserSetActive")
    public static let changePassword = RequestDescriptor<Facturo_V1_PasswordChangeRequest, Facturo_V1_PasswordChangeResponse>(33, "PasswordChange")
    public static let resetPassword = RequestDescriptor<Facturo_V1_PasswordResetRequest, Facturo_V1_PasswordResetResponse>(34, "PasswordReset")
    public static let attach = RequestDescriptor<Facturo_V1_AttachRequest, Facturo_V1_AttachResponse>(35, "Attach")
    public static let detach = RequestDescriptor<Facturo_V1_DetachRequest, Facturo_V1_DetachResponse>(36, "Detach")
    public static let setRole = RequestDescriptor<Facturo_V1_SetRoleRequest, Facturo_V1_SetRoleResponse>(37, "SetRole")

    public static let all: [AnyRequestDescriptor] = [
        create.erased, list.erased, setActive.erased, changePassword.erased, resetPassword.erased,
        attach.erased, detach.erased, setRole.erased,
    ]
}
