import FacturoDomain
import Testing

@Suite struct UserRulesTests {
    @Test func emailIsNormalisedForComparison() throws {
        #expect(try EmailAddress("  Camille.Martin@Example.FR ") == EmailAddress("camille.martin@example.fr"))
    }

    @Test("malformed e-mails are refused", arguments: ["", "plain", "a@b", "@b.fr", "a@.fr", "a@b.fr.", "a b@c.fr", "a@b@c.fr"])
    func invalidEmail(raw: String) {
        #expect { try EmailAddress(raw) } throws: { ($0 as? DomainError)?.code == .invalidEmail }
    }

    @Test func passwordPolicyWantsLength() {
        #expect { try PasswordPolicy.validate("short") } throws: { ($0 as? DomainError)?.code == .weakPassword }
        #expect(throws: Never.self) { try PasswordPolicy.validate("correct horse battery") }
        #expect { try PasswordPolicy.validate(String(repeating: "x", count: 257)) } throws: { ($0 as? DomainError)?.code == .weakPassword }
    }

    @Test func accountKindsUseOfficialLabels() {
        #expect(AccountKind.allCases.map(\.rawValue) == ["Entreprise", "Entité publique", "Particulier", "Association", "Comptable public"])
    }

    @Test func serviceCodesAreValidated() throws {
        #expect(try Service(code: "FACTURES_PUBLIQUES", label: "x").code == Service.facturesPubliques)
        #expect { try Service(code: "bad code", label: "x") } throws: { ($0 as? DomainError)?.code == .invalidServiceCode }
        #expect { try Service(code: "", label: "x") } throws: { ($0 as? DomainError)?.code == .invalidServiceCode }
    }
}
