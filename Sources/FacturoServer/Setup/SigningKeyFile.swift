import FacturoCertificates
import Foundation

/// The exchange's signing key on disk: read if the file exists, else made
/// and written with mode 0600 (never world-readable, never in git: the data
/// folder is ignored). Losing it does not void past certificates (they
/// carry their signed roots); anyone holding it could forge new ones.
public enum SigningKeyFile {
    public static let defaultName = "signing-key.pem"

    public enum Failure: Error, CustomStringConvertible {
        case unreadable(String, String)
        case tooOpen(String)

        public var description: String {
            switch self {
            case let .unreadable(path, why): "signing key \(path): \(why)"
            case let .tooOpen(path): "signing key \(path) is readable by others: chmod 600 \(path)"
            }
        }
    }

    public static func loadOrCreate(_ path: String) throws -> DepositSigner {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            let mode = ((try? manager.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber)?.intValue ?? 0
            guard mode & 0o077 == 0 else { throw Failure.tooOpen(path) }
            guard let data = manager.contents(atPath: path) else { throw Failure.unreadable(path, "cannot read") }
            do { return DepositSigner(key: try SigningKeyPEM.privateKey(pem: String(decoding: data, as: UTF8.self))) } catch {
                throw Failure.unreadable(path, "\(error)")
            }
        }
        let signer = DepositSigner()
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try manager.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        guard manager.createFile(atPath: path, contents: Data(SigningKeyPEM.privatePEM(signer.key).utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Failure.unreadable(path, "cannot create")
        }
        return signer
    }
}
