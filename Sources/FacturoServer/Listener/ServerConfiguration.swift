import NIOCore
import NIOSSL

/// Everything `facturo-server serve` needs besides the store.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 asks the system for a free port (tests); read it back with
    /// `FacturoServer.listeningAddress()`.
    public var port: Int
    public var tls: TLSFiles
    public var limits: ConnectionLimits
    public var serverName: String

    public init(host: String, port: Int, tls: TLSFiles, limits: ConnectionLimits = .init(), serverName: String = "facturo") {
        self.host = host
        self.port = port
        self.tls = tls
        self.limits = limits
        self.serverName = serverName
    }
}

/// PEM files of the server's TLS identity.
public struct TLSFiles: Sendable {
    public var certificateChain: String
    public var privateKey: String
    /// When set, clients must present a certificate issued by this CA.
    public var clientCA: String?
    /// When set, clients may present a certificate issued by this CA, and
    /// platform administration is refused to sessions without one.
    public var adminClientCA: String?
    /// Administrator accounts act only over a verified client certificate
    /// (`--admin-requires-client-cert`), whichever CA option verified it.
    public var adminRequiresClientCertificate: Bool

    public init(certificateChain: String, privateKey: String, clientCA: String? = nil, adminClientCA: String? = nil, adminRequiresClientCertificate: Bool = false) {
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        self.clientCA = clientCA
        self.adminClientCA = adminClientCA
        self.adminRequiresClientCertificate = adminRequiresClientCertificate
    }

    /// Whether administration requests need a verified client certificate.
    public var administrationRequiresClientCertificate: Bool { adminClientCA != nil || adminRequiresClientCertificate }

    /// The server TLS context. The minimum version is set explicitly:
    /// NIOSSL's server default would still accept TLS 1.0.
    public func makeContext() throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMFile(certificateChain).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: privateKey, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        let authorities = try [clientCA, adminClientCA].compactMap { $0 }.flatMap { try NIOSSLCertificate.fromPEMFile($0) }
        if !authorities.isEmpty {
            configuration.trustRoots = .certificates(authorities)
            // Required for everyone with --client-ca; otherwise asked for and
            // verified when offered (administrators), optional for the rest.
            configuration.certificateVerification = clientCA != nil ? .noHostnameVerification : .optionalVerification
        }
        return try NIOSSLContext(configuration: configuration)
    }
}
