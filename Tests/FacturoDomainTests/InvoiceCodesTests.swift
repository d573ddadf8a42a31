import FacturoDomain
import Foundation
import Testing

/// The invoice header's codes, spelled as the reference spells them, and
/// exact decimals (issue 11's first stones).
@Suite struct InvoiceCodesTests {
    @Test func codesAreTheReferencesOwn() throws {
        #expect(InvoiceType.allCases.map(\.rawValue) == ["FACTURE", "AVOIR"])
        #expect(VATRegime.allCases.map(\.rawValue) == ["TVA_SUR_DEBIT", "TVA_SUR_ENCAISSEMENT", "EXONERATION", "SANS_TVA"])
        #expect(PaymentMode.allCases.map(\.rawValue) == ["VIREMENT", "CHEQUE", "PRELEVEMENT", "ESPECE", "AUTRE", "REPORT"])
        #expect(try PaymentMode.named("VIREMENT") == .virement)
        #expect(domainErrorCode { _ = try PaymentMode.named("virement") } == "INVALID_ARGUMENT", "exact spelling")
    }

    @Test func billingFramesRunFromA1ToA25() throws {
        #expect(try BillingFrame.parsing("") == .supplierInvoice)
        #expect(try BillingFrame.parsing("A12") == .coContractor)
        #expect(try BillingFrame.parsing("A25").number == 25)
        for wrong in ["A0", "A26", "A01", "a1", "B1", "A", "A1 "] {
            #expect(domainErrorCode { _ = try BillingFrame.parsing(wrong) } == "INVALID_ARGUMENT", "\(wrong)")
        }
        #expect(!BillingFrame.inScope.contains(try BillingFrame.parsing("A3")))
    }
}

@Suite struct ExactDecimalTests {
    static func decimal(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

    @Test("half away from zero, for both signs", arguments: [
        ("0.125", "0.13"), ("0.135", "0.14"), ("-0.125", "-0.13"), ("2.344", "2.34"), ("-2.345", "-2.35"), ("10", "10.00"),
    ])
    func roundingHalfAwayFromZero(_ input: String, _ expected: String) {
        #expect(ExactDecimal.text(Self.decimal(input), .amount) == expected)
    }

    @Test func textHasExactlyItsPlaces() {
        #expect(ExactDecimal.text(Self.decimal("6400"), .amount) == "6400.00")
        #expect(ExactDecimal.text(Self.decimal("1.5"), .quantity) == "1.5000")
        #expect(ExactDecimal.text(Self.decimal("0.1234565"), .unitPrice) == "0.123457")
    }

    /// Exactly what was written: 0.1 + 0.2 is 0.3, never a binary approximation.
    @Test func parsingIsExactAndStrict() throws {
        let sum = try ExactDecimal.parse("0.1", scale: .amount, field: "montant") + ExactDecimal.parse("0.2", scale: .amount, field: "montant")
        #expect(sum == Self.decimal("0.3"))
        #expect(try ExactDecimal.parse("-12.5", scale: .amount, field: "montant") == Self.decimal("-12.5"))
        for wrong in ["", "-", "1,5", "1.", ".5", "1e3", "1.234", " 1", "1 000", "0x10", "1234567890123456"] {
            #expect(domainErrorCode { _ = try ExactDecimal.parse(wrong, scale: .amount, field: "montant") } == "INVALID_AMOUNT", "\(wrong)")
        }
        #expect(try ExactDecimal.parse("1.234567", scale: .unitPrice, field: "prix") == Self.decimal("1.234567"))
    }
}
