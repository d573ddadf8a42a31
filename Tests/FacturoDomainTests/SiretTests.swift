import FacturoDomain
import Testing

@Suite struct SiretTests {
    @Test("valid SIRETs are accepted", arguments: ["11000201100044", "73282932000074", "21100001900011", "110 002 011 00044"])
    func valid(raw: String) throws {
        let siret = try Siret(raw)
        #expect(siret.value.count == 14)
        #expect(!siret.value.contains(" "))
    }

    @Test("invalid SIRETs are refused with INVALID_SIRET", arguments: [
        "20004216800013", // the reference slides' example that fails the check
        "11000201100045", "1100020110004", "110002011000444", "1100020110004A", "",
        "１１０００２０１１０００４４", "1100020110004\u{0664}", "1100020110004\u{00A0}4",
    ])
    func invalid(raw: String) {
        #expect {
            try Siret(raw)
        } throws: { error in
            (error as? DomainError)?.code == .invalidSiret
        }
    }

    @Test func laPosteUsesTheSumOfDigits() throws {
        // SIREN 356000000: the digit sum must be a multiple of 5; this one
        // (sum 20) fails Luhn yet is valid, and a sum of 21 is refused.
        #expect(throws: Never.self) { try Siret("35600000000001") }
        #expect(throws: DomainError.self) { try Siret("35600000000002") }
    }

    @Test func stateSiretIsKnown() {
        #expect(Siret.etat.value == "11000201100044")
        #expect(Siret.etat.siren == "110002011")
    }
}
