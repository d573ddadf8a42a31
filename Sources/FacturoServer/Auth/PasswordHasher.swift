import Crypto
import _CryptoExtras
import Foundation

/// Hashes and verifies passwords with scrypt (RFC 7914).
///
/// Hashes are stored in the self-describing form
/// `$scrypt$ln=17,r=8,p=1$<salt>$<key>` (base64, no padding, as in the
/// PHC string format), so the cost can be raised later while old hashes
/// keep verifying with the parameters they were made with.
public struct PasswordHasher: Sendable {
    /// log2 of scrypt's N. 17 (N = 131 072, 128 MiB with r = 8) is the
    /// OWASP recommendation at the time of writing.
    public var logN: Int
    public var blockSize: Int
    public var parallelism: Int

    public static let recommended = PasswordHasher(logN: 17, blockSize: 8, parallelism: 1)

    public init(logN: Int, blockSize: Int, parallelism: Int) {
        self.logN = logN
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    static let saltByteCount = 16
    static let keyByteCount = 32

    /// A fresh salted hash of `password`, slow on purpose.
    public func hash(_ password: String) throws -> String {
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
        let key = try Self.derive(password, salt: salt, logN: logN, blockSize: blockSize, parallelism: parallelism)
        return "$scrypt$ln=\(logN),r=\(blockSize),p=\(parallelism)$\(Self.encode(salt))$\(Self.encode(key))"
    }

    /// Whether `password` matches `stored`, compared in constant time.
    /// A malformed stored hash never matches.
    public func verify(_ password: String, against stored: String) -> Bool {
        guard let parsed = ParsedHash(stored),
              let key = try? Self.derive(password, salt: parsed.salt, logN: parsed.logN, blockSize: parsed.blockSize, parallelism: parsed.parallelism)
        else { return false }
        return Self.constantTimeEquals(key, parsed.key)
    }

    /// Spends the same effort as a real verification, for unknown users, so
    /// that response time does not reveal whether an account exists.
    public func burnVerificationTime(_ password: String) {
        _ = try? Self.derive(password, salt: Data(count: Self.saltByteCount), logN: logN, blockSize: blockSize, parallelism: parallelism)
    }

    static func derive(_ password: String, salt: Data, logN: Int, blockSize: Int, parallelism: Int) throws -> Data {
        let rounds = 1 << logN
        // BoringSSL's default memory cap (32 MiB) is below the recommended
        // cost; allow what the parameters need plus headroom.
        let memory = 128 * rounds * blockSize * parallelism + (1 << 20)
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: keyByteCount,
            rounds: rounds, blockSize: blockSize, parallelism: parallelism, maxMemory: memory
        )
        return key.withUnsafeBytes { Data($0) }
    }

    /// XOR-accumulating comparison: its duration depends on the length only,
    /// not on where the first differing byte is. No kept library exposes one
    /// for plain byte strings (swift-crypto keeps its own internal).
    static func constantTimeEquals(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: Substring) -> Data? {
        var padded = String(text)
        while padded.count % 4 != 0 { padded += "=" }
        return Data(base64Encoded: padded)
    }

    struct ParsedHash {
        var logN: Int, blockSize: Int, parallelism: Int
        var salt: Data, key: Data

        init?(_ stored: String) {
            let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
            guard fields.count == 5, fields[0].isEmpty, fields[1] == "scrypt" else { return nil }
            var parameters: [Substring: Int] = [:]
            for pair in fields[2].split(separator: ",") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                guard kv.count == 2, let value = Int(kv[1]) else { return nil }
                parameters[kv[0]] = value
            }
            guard let logN = parameters["ln"], (1...22).contains(logN),
                  let r = parameters["r"], (1...32).contains(r),
                  let p = parameters["p"], (1...16).contains(p),
                  let salt = PasswordHasher.decode(fields[3]),
                  let key = PasswordHasher.decode(fields[4]), key.count == PasswordHasher.keyByteCount
            else { return nil }
            self.logN = logN; blockSize = r; parallelism = p
            self.salt = salt; self.key = key
        }
    }
}
