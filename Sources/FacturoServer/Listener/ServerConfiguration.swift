import FacturoCertificates
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
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
    /// Connections open at once; beyond, new ones get the retryable
    /// `SERVER_TOO_MANY_CONNECTIONS` and are closed.
    public var maxConnections: Int
    /// Bytes all connections together may hold in partial frames.
    public var maxPartialFrameBytes: Int
    /// Bytes all connections together may hold in the payloads of requests
    /// received whole and not yet answered.
    public var maxInFlightPayloadBytes: Int
    public var serverName: String
    /// Signs each commit batch's deposit certificates. The default, a key
    /// made at start, suits tests only: `serve` loads the data folder's.
    public var signer: DepositSigner
    /// Structured deposits and checks accept the official schematron's
    /// ±1.00 on BR-CO-17, BR-S-08 and BR-S-09 (exact to the cent otherwise).
    public var lenientVATRounding = false

    public init(
        host: String, port: Int, tls: TLSFiles, limits: ConnectionLimits = .init(),
        maxConnections: Int = ServerConfiguration.defaultMaxConnections(),
        maxPartialFrameBytes: Int = ServerConfiguration.defaultMaxPartialFrameBytes,
        maxInFlightPayloadBytes: Int = ServerConfiguration.defaultMaxInFlightPayloadBytes,
        serverName: String = "facturo", signer: DepositSigner = DepositSigner()
    ) {
        self.signer = signer
        self.host = host
        self.port = port
        self.tls = tls
        self.limits = limits
        self.maxConnections = maxConnections
        self.maxPartialFrameBytes = maxPartialFrameBytes
        self.maxInFlightPayloadBytes = maxInFlightPayloadBytes
        self.serverName = serverName
    }

    /// 256 MiB: sixteen frames of the largest size at once, or 4 096
    /// anonymous connections each one byte short of its 64 KiB limit.
    public static let defaultMaxPartialFrameBytes = 256 * 1024 * 1024

    /// 512 MiB: thirty-two requests of the largest size being worked on at
    /// once, whatever the number of connections (each may have
    /// `max_in_flight` of them, which alone would not bound the sum).
    public static let defaultMaxInFlightPayloadBytes = 512 * 1024 * 1024

    /// Descriptors kept back from connections: the database and its WAL,
    /// logs, the listening socket, certificates read at start.
    static let reservedDescriptors = 64

    #if canImport(Glibc)
    private static let openFiles = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    private static let openFiles = RLIMIT_NOFILE
    #endif

    /// Raises the soft open-file limit to the hard one (at most 65 536), as
    /// servers do at start: the default soft limit (often 1 024) would cap
    /// connections far below what the machine allows.
    public static func raiseOpenFileLimit() {
        var limit = rlimit()
        guard getrlimit(Self.openFiles, &limit) == 0 else { return }
        let target = min(limit.rlim_max, 65_536)
        guard target > limit.rlim_cur else { return }
        limit.rlim_cur = target
        _ = setrlimit(Self.openFiles, &limit)
    }

    /// The process's open-file limit less what the server needs besides
    /// connections, so that accepting never fails for lack of descriptors.
    public static func defaultMaxConnections() -> Int {
        var limit = rlimit()
        guard getrlimit(Self.openFiles, &limit) == 0 else { return 1_024 }
        // RLIM_INFINITY is all ones; no process has more than 2^20 anyway.
        let current = Int(min(limit.rlim_cur, 1 << 20))
        return max(16, current - reservedDescriptors)
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
