import Crypto
import FacturoCertificates
import Foundation
import Testing

/// RFC 6962 trees of every shape, Ed25519 keys in OpenSSL's PEM forms, and
/// a certificate that verifies offline until any byte of it changes.
@Suite struct DepositCertificateTests {
    static func digest(_ text: String) -> [UInt8] { Array(SHA256.hash(data: Array(text.utf8))) }

    @Test("every leaf of trees of 1 to 33 leaves proves against the root", arguments: 1...33)
    func everyLeafProves(size: Int) {
        let leaves = (0..<size).map { Self.digest("facture \($0)") }
        let root = MerkleTree.root(leaves)
        for index in 0..<size {
            let path = MerkleTree.path(leaves, index: index)
            #expect(MerkleTree.verify(digest: leaves[index], index: index, size: size, path: path, root: root))
            #expect(!MerkleTree.verify(digest: Self.digest("autre"), index: index, size: size, path: path, root: root))
            if size > 1 {
                #expect(!MerkleTree.verify(digest: leaves[index], index: (index + 1) % size, size: size, path: path, root: root))
                #expect(!MerkleTree.verify(digest: leaves[index], index: index, size: size, path: Array(path.dropLast()), root: root))
            }
        }
    }

    /// A crafted size once made the split overflow and the check loop forever.
    @Test func aCraftedSizeIsRefusedInBoundedTime() {
        let leaf = Self.digest("seule")
        #expect(!MerkleTree.verify(digest: leaf, index: 0, size: (1 << 62) + 1, path: [], root: leaf))
        #expect(!MerkleTree.verify(digest: leaf, index: 0, size: 2, path: Array(repeating: leaf, count: 33), root: leaf))
    }

    @Test func theRootOfOneLeafIsItsLeafHashAsInRFC6962() {
        let leaf = Self.digest("seule")
        #expect(MerkleTree.root([leaf]) == Array(SHA256.hash(data: [0x00] + leaf)))
        #expect(MerkleTree.path([leaf], index: 0).isEmpty)
    }

    @Test func keysRoundTripThroughPEM() throws {
        let key = Curve25519.Signing.PrivateKey()
        let pem = SigningKeyPEM.privatePEM(key)
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(try SigningKeyPEM.privateKey(pem: pem).rawRepresentation == key.rawRepresentation)
        let publicPEM = SigningKeyPEM.publicPEM(key.publicKey)
        #expect(try SigningKeyPEM.publicKey(pem: publicPEM).rawRepresentation == key.publicKey.rawRepresentation)
        #expect(throws: SigningKeyPEM.Failure.self) { _ = try SigningKeyPEM.publicKey(pem: pem) }
        #expect(throws: SigningKeyPEM.Failure.self) { _ = try SigningKeyPEM.privateKey(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n") }
    }

    static func certificate(in batch: [String], index: Int, signer: DepositSigner) throws -> DepositCertificate {
        let digests = batch.map { DepositCertificate.digest(of: Array($0.utf8)) }
        let (signed, paths) = try signer.seal(digests, at: 1_764_547_200_000)
        return DepositCertificate(invoiceID: "f\(index)", invoice: batch[index], digest: digests[index], leafIndex: index, path: paths[index], batch: signed)
    }

    @Test func aCertificateVerifiesUntilAnyByteChanges() throws {
        let signer = DepositSigner()
        let invoices = (0..<5).map { "form=facturo-invoice-1\nid=f\($0)\ntotal_ttc=7040.00\n" }
        let certificate = try Self.certificate(in: invoices, index: 3, signer: signer)
        try certificate.verify(publicKey: signer.key.publicKey)
        let reread = try DepositCertificate.parse(try certificate.json())
        try reread.verify(publicKey: signer.key.publicKey)

        var altered = certificate
        altered.invoice = altered.invoice.replacingOccurrences(of: "7040.00", with: "7040.01")
        #expect(throws: DepositCertificate.Failure.digestMismatch) { try altered.verify(publicKey: signer.key.publicKey) }
        altered = certificate
        altered.invoice = invoices[2]
        altered.invoiceID = "f2"
        altered.digest = DepositCertificate.digest(of: Array(invoices[2].utf8))
        #expect(throws: DepositCertificate.Failure.pathMismatch) { try altered.verify(publicKey: signer.key.publicKey) }
        altered = certificate
        altered.batch.signedAt += 1
        #expect(throws: DepositCertificate.Failure.badSignature) { try altered.verify(publicKey: signer.key.publicKey) }
        #expect(throws: DepositCertificate.Failure.badSignature) { try certificate.verify(publicKey: DepositSigner().key.publicKey) }
        #expect(throws: DepositCertificate.Failure.self) { _ = try DepositCertificate.parse(Data("pas du JSON".utf8)) }

        // Every single byte of the file matters: flip each in turn.
        let json = try certificate.json()
        var caught = 0
        for offset in stride(from: 0, to: json.count, by: 7) {
            var bytes = [UInt8](json)
            bytes[offset] ^= 0x01
            do {
                try DepositCertificate.parse(Data(bytes)).verify(publicKey: signer.key.publicKey)
            } catch {
                caught += 1
                continue
            }
            // A flip that still verifies must have left the meaning intact
            // (JSON whitespace or key order do not count).
            #expect(try DepositCertificate.parse(Data(bytes)) == certificate, "byte \(offset) changed the certificate yet it verifies")
        }
        #expect(caught > 0)
    }
}
