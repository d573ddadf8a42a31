import Crypto
import Foundation

/// The exchange's Ed25519 key, in the PEM forms OpenSSL reads and writes
/// (`openssl pkey -in signing-key.pem -pubout`): PKCS#8 for the private
/// key, SubjectPublicKeyInfo for the public one (RFC 8410).
///
/// Written here because swift-crypto reads and writes PEM for the NIST
/// curves only; for Ed25519 both DER forms are a fixed prefix and the 32
/// key bytes.
public enum SigningKeyPEM {
    static let privatePrefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    static let publicPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notPEM(String)
        case notEd25519(String)

        public var description: String {
            switch self {
            case let .notPEM(label): "not a PEM \(label)"
            case let .notEd25519(label): "not an Ed25519 \(label)"
            }
        }
    }

    public static func privatePEM(_ key: Curve25519.Signing.PrivateKey) -> String {
        pem(privatePrefix + Array(key.rawRepresentation), label: "PRIVATE KEY")
    }

    public static func publicPEM(_ key: Curve25519.Signing.PublicKey) -> String {
        pem(publicPrefix + Array(key.rawRepresentation), label: "PUBLIC KEY")
    }

    public static func privateKey(pem text: String) throws -> Curve25519.Signing.PrivateKey {
        let der = try derBytes(text, label: "PRIVATE KEY")
        guard der.count == privatePrefix.count + 32, Array(der.prefix(privatePrefix.count)) == privatePrefix else { throw Failure.notEd25519("private key") }
        return try Curve25519.Signing.PrivateKey(rawRepresentation: der.dropFirst(privatePrefix.count))
    }

    public static func publicKey(pem text: String) throws -> Curve25519.Signing.PublicKey {
        let der = try derBytes(text, label: "PUBLIC KEY")
        guard der.count == publicPrefix.count + 32, Array(der.prefix(publicPrefix.count)) == publicPrefix else { throw Failure.notEd25519("public key") }
        return try Curve25519.Signing.PublicKey(rawRepresentation: der.dropFirst(publicPrefix.count))
    }

    static func pem(_ der: [UInt8], label: String) -> String {
        let base64 = Data(der).base64EncodedString()
        let lines = stride(from: 0, to: base64.count, by: 64).map { offset -> String in
            let start = base64.index(base64.startIndex, offsetBy: offset)
            return String(base64[start..<(base64.index(start, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex)])
        }
        return "-----BEGIN \(label)-----\n" + lines.joined(separator: "\n") + "\n-----END \(label)-----\n"
    }

    static func derBytes(_ text: String, label: String) throws -> [UInt8] {
        let begin = "-----BEGIN \(label)-----", end = "-----END \(label)-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex) else { throw Failure.notPEM(label.lowercased()) }
        let body = text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: String(body)) else { throw Failure.notPEM(label.lowercased()) }
        return Array(der)
    }
}
