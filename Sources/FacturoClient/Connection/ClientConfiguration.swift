import NIOCore
import NIOSSL

/// Where and how to reach a Facturo server.
public struct ClientConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// PEM file of the CA that signed the server certificate; nil trusts
    /// the system's roots.
    public var caFile: String?
    /// Client certificate and key, for servers that require mutual TLS.
    public var certificateFile: String?
    public var keyFile: String?
    /// Sent in the handshake, shown in the server's logs.
    public var clientName: String
    public var connectTimeout: TimeAmount

    public init(host: String, port: Int, caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil, clientName: String = "facturo-client", connectTimeout: TimeAmount = .seconds(10)) {
        self.host = host
        self.port = port
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.clientName = clientName
        self.connectTimeout = connectTimeout
    }

    /// Parses `HOST:PORT` (or `[IPv6]:PORT`).
    public static func parseAddress(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        guard let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port), !host.isEmpty else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, port)
    }

    func makeTLSContext() throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let caFile {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
        }
        if let certificateFile, let keyFile {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem))
        }
        return try NIOSSLContext(configuration: tls)
    }

    /// SNI and hostname verification name; nil for IP literals, which
    /// NIOSSL then checks against the certificate's IP addresses.
    var serverHostname: String? {
        (try? SocketAddress(ipAddress: host, port: port)) == nil ? host : nil
    }
}
