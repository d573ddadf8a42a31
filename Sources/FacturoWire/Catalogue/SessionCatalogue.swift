/// Types 1-9: the connection and the session. Handshake and Cancel are
/// answered by the connection itself; Ping and the two logins are the only
/// requests allowed before login.
public enum SessionCatalogue {
    public static let handshake = RequestDescriptor<Facturo_V1_HandshakeRequest, Facturo_V1_HandshakeResponse>(1, "Handshake", access: .connection)
    public static let ping = RequestDescriptor<Facturo_V1_PingRequest, Facturo_V1_PingResponse>(2, "Ping", access: .anonymous)
    public static let login = RequestDescriptor<Facturo_V1_LoginRequest, Facturo_V1_LoginResponse>(3, "Login", access: .anonymous)
    public static let logout = RequestDescriptor<Facturo_V1_LogoutRequest, Facturo_V1_LogoutResponse>(4, "Logout")
    public static let whoAmI = RequestDescriptor<Facturo_V1_WhoAmIRequest, Facturo_V1_WhoAmIResponse>(5, "WhoAmI")
    public static let cancel = RequestDescriptor<Facturo_V1_CancelRequest, Facturo_V1_CancelResponse>(6, "Cancel", access: .connection)
    /// A technical account logs in with the connection's client certificate.
    public static let certificateLogin = RequestDescriptor<Facturo_V1_CertificateLoginRequest, Facturo_V1_LoginResponse>(7, "CertificateLogin", access: .anonymous)

    public static let all: [AnyRequestDescriptor] = [
        handshake.erased, ping.erased, login.erased, logout.erased, whoAmI.erased, cancel.erased, certificateLogin.erased,
    ]
}
