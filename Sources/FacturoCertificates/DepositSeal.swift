import Crypto
import FacturoDomain
import Foundation

/// One commit batch's signature: the Merkle root of its invoices'
/// certificate digests, signed by the exchange's Ed25519 key once for the
/// whole batch (a signature per invoice would cost as much as the commit).
public struct SignedBatch: Sendable, Equatable, Codable {
    /// Leaves in the batch.
    public var size: Int
    /// Merkle root, base64.
    public var root: String
    /// Milliseconds since 1970 (UTC).
    public var signedAt: Int64
    /// Ed25519 signature of `message`, base64.
    public var signature: String

    public init(size: Int, root: String, signedAt: Int64, signature: String) {
        self.size = size
        self.root = root
        self.signedAt = signedAt
        self.signature = signature
    }

    /// The signed bytes: `facturo-batch-1`, size, root and time, one per line.
    public static func message(size: Int, root: String, signedAt: Int64) -> [UInt8] {
        Array("facturo-batch-1\n\(size)\n\(root)\n\(signedAt)\n".utf8)
    }
}

/// Signs batches: the server's side of the certificates.
public struct DepositSigner: Sendable {
    /// The key's 32 bytes: swift-crypto's key type is not `Sendable`, its
    /// raw form is, and rebuilding the key costs nothing next to a signature.
    private let raw: Data

    public init(key: Curve25519.Signing.PrivateKey = .init()) {
        self.raw = key.rawRepresentation
    }

    public var key: Curve25519.Signing.PrivateKey {
        // The bytes came from a valid key.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }

    public var publicKeyPEM: String { SigningKeyPEM.publicPEM(key.publicKey) }

    /// The signed root of `digests` (base64 SHA-256 values, in batch order)
    /// and each one's audit path (base64 hashes).
    public func seal(_ digests: [String], at time: Int64) throws -> (batch: SignedBatch, paths: [[String]]) {
        let leaves = try digests.map { digest -> [UInt8] in
            guard let bytes = Data(base64Encoded: digest), bytes.count == 32 else { throw DepositCertificate.Failure.malformed("digest \(digest)") }
            return Array(bytes)
        }
        let root = Data(MerkleTree.root(leaves)).base64EncodedString()
        let signature = try key.signature(for: SignedBatch.message(size: leaves.count, root: root, signedAt: time))
        let paths = leaves.indices.map { MerkleTree.path(leaves, index: $0).map { Data($0).base64EncodedString() } }
        return (SignedBatch(size: leaves.count, root: root, signedAt: time, signature: Data(signature).base64EncodedString()), paths)
    }
}

/// A deposit certificate as `certificate show` writes it and `certificate
/// verify` checks it offline: the invoice as accepted (its canonical form),
/// its digest, its place in the batch and the batch's signed root.
public struct DepositCertificate: Sendable, Equatable, Codable {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case digestMismatch
        case pathMismatch
        case badSignature

        public var description: String {
            switch self {
            case let .malformed(what): "certificat illisible : \(what)"
            case .digestMismatch: "l'empreinte ne correspond pas à la facture (la facture a été modifiée)"
            case .pathMismatch: "le chemin de Merkle ne mène pas à la racine signée"
            case .badSignature: "la signature de la racine ne correspond pas à la clé publique"
            }
        }
    }

    public static let currentFormat = "facturo-certificate-1"
    public var format = DepositCertificate.currentFormat
    public var invoiceID: String
    /// The invoice's canonical form (`InvoiceCanonicalForm`), UTF-8 text.
    public var invoice: String
    /// SHA-256 of `invoice`, base64: the certificate number.
    public var digest: String
    public var leafIndex: Int
    /// Audit path, from the leaf up, base64.
    public var path: [String]
    public var batch: SignedBatch

    public init(invoiceID: String, invoice: String, digest: String, leafIndex: Int, path: [String], batch: SignedBatch) {
        self.invoiceID = invoiceID
        self.invoice = invoice
        self.digest = digest
        self.leafIndex = leafIndex
        self.path = path
        self.batch = batch
    }

    /// The certificate number of canonical bytes.
    public static func digest(of canonical: [UInt8]) -> String {
        Data(SHA256.hash(data: canonical)).base64EncodedString()
    }

    /// Throws unless the invoice text hashes to the digest, the digest's
    /// path leads to the root, and the root's signature holds for `publicKey`.
    public func verify(publicKey: Curve25519.Signing.PublicKey) throws(Failure) {
        guard format == Self.currentFormat else { throw .malformed("format \(format) (\(Self.currentFormat) attendu)") }
        // The id outside the signed text must be the one inside it.
        guard invoice.split(separator: "\n").dropFirst().first == Substring("id=\(invoiceID)") else { throw .digestMismatch }
        guard Self.digest(of: Array(invoice.utf8)) == digest else { throw .digestMismatch }
        guard let leaf = Data(base64Encoded: digest), let root = Data(base64Encoded: batch.root),
              let signature = Data(base64Encoded: batch.signature) else { throw .malformed("base64") }
        var hashes: [[UInt8]] = []
        for node in path {
            guard let bytes = Data(base64Encoded: node), bytes.count == 32 else { throw .malformed("path") }
            hashes.append(Array(bytes))
        }
        guard MerkleTree.verify(digest: Array(leaf), index: leafIndex, size: batch.size, path: hashes, root: Array(root)) else { throw .pathMismatch }
        guard publicKey.isValidSignature(signature, for: SignedBatch.message(size: batch.size, root: batch.root, signedAt: batch.signedAt)) else {
            throw .badSignature
        }
    }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    public static func parse(_ data: Data) throws(Failure) -> DepositCertificate {
        do { return try JSONDecoder().decode(DepositCertificate.self, from: data) } catch {
            throw .malformed("JSON attendu (certificate show --out)")
        }
    }
}
