import Crypto
import FacturoDomain
import NIOSSL

/// What a client needs to know about its own certificate files.
public enum CertificateFiles {
    /// The fingerprint a technical account is bound to: SHA-256 of the first
    /// certificate's DER bytes in a PEM file (the server computes the same
    /// from the TLS handshake).
    public static func fingerprint(ofPEMFile path: String) throws -> CertificateFingerprint {
        guard let certificate = try NIOSSLCertificate.fromPEMFile(path).first else {
            throw ClientError.tls("\(path) : aucun certificat PEM")
        }
        return CertificateFingerprint(digest: SHA256.hash(data: try certificate.toDERBytes()))
    }
}
