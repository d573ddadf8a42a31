/// The SHA-256 of a client certificate's DER bytes, in lower-case hex:
/// what binds a technical account to the certificate its system presents.
/// A fingerprint, unlike a subject, cannot be reissued by the CA to
/// another key under the same name.
public struct CertificateFingerprint: Hashable, Sendable, Codable, CustomStringConvertible {
    public let hex: String

    /// Accepts `AB:CD:…` (OpenSSL's form) or plain hex, any case.
    public init(_ text: String) throws(DomainError) {
        let digits = text.filter { $0 != ":" && !$0.isWhitespace }.lowercased()
        guard digits.count == 64, digits.allSatisfy({ $0.isHexDigit && $0.isASCII }) else {
            throw DomainError(.invalidFingerprint, "empreinte SHA-256 invalide : 64 chiffres hexadécimaux attendus")
        }
        hex = digits
    }

    public init(digest bytes: some Sequence<UInt8>) {
        hex = bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    public var description: String { hex }
}
