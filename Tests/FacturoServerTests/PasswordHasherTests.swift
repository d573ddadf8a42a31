@testable import FacturoServer
import Foundation
import Testing

@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher(logN: 10, blockSize: 8, parallelism: 1)

    @Test func verifiesTheRightPasswordOnly() throws {
        let hash = try hasher.hash("correct horse battery staple")
        #expect(hasher.verify("correct horse battery staple", against: hash))
        #expect(!hasher.verify("correct horse battery stapl", against: hash))
        #expect(!hasher.verify("", against: hash))
    }

    @Test func hashesAreSaltedAndSelfDescribing() throws {
        let first = try hasher.hash("same password here")
        let second = try hasher.hash("same password here")
        #expect(first != second, "a random salt makes equal passwords hash differently")
        #expect(first.hasPrefix("$scrypt$ln=10,r=8,p=1$"))
        #expect(!first.contains("same password"))
    }

    @Test func verificationUsesTheParametersStoredInTheHash() throws {
        let cheap = try PasswordHasher(logN: 4, blockSize: 8, parallelism: 1).hash("old password 123")
        #expect(PasswordHasher.recommended.verify("old password 123", against: cheap))
    }

    @Test("malformed stored hashes never match", arguments: [
        "", "plain", "$scrypt$ln=10,r=8,p=1$salt", "$bcrypt$ln=10,r=8,p=1$AAAA$AAAA",
        "$scrypt$ln=99,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ])
    func malformed(stored: String) {
        #expect(!hasher.verify("anything at all", against: stored))
    }

    @Test func recommendedCostIsOWASPLevel() {
        #expect(PasswordHasher.recommended.logN >= 17)
        #expect(PasswordHasher.recommended.blockSize == 8)
    }

    @Test func constantTimeComparison() {
        #expect(PasswordHasher.constantTimeEquals(Data([1, 2, 3]), Data([1, 2, 3])))
        #expect(!PasswordHasher.constantTimeEquals(Data([1, 2, 3]), Data([1, 2, 4])))
        #expect(!PasswordHasher.constantTimeEquals(Data([1, 2]), Data([1, 2, 3])))
    }
}
