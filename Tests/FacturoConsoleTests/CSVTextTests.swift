import FacturoConsole
import FacturoDomain
import Foundation
import Testing

@Suite struct SecretOptionsTests {
    @Test func linesWithPasswordsStayOutOfTheHistory() {
        #expect(SecretOptions.appear(in: "login a@b.fr --password secret"))
        #expect(SecretOptions.appear(in: "password change --old un --new deux"))
        #expect(SecretOptions.appear(in: "user create x@y.fr --name X \"--password\" z"))
        #expect(!SecretOptions.appear(in: "habilitations --application factures_recues"))
        #expect(SecretOptions.appear(in: "set --secret API_KEY abc"))
    }
}

/// Files that must be UTF-8, and the rejection report written back.
@Suite struct CSVTextTests {
    /// A Latin-1 file from a French spreadsheet: refused with the line of
    /// its first accented character and how to convert it.
    @Test func aLatin1FileIsRefusedWithItsLineAndAConversionHint() throws {
        let latin1 = Data("identifiant;raison_sociale\n21100001800013;COMMUNE\n44306184100047;".utf8) + Data([0x4D, 0xC9, 0x44, 0x49, 0x41]) + Data("\n".utf8)
        do {
            _ = try CSVText.decode(latin1, name: "annuaire.csv")
            Issue.record("accepted")
        } catch {
            #expect(error.status == .usageOrIO)
            #expect(error.message.hasPrefix("annuaire.csv:3 : ce fichier n'est pas en UTF-8"))
            #expect(error.message.contains("iconv -f WINDOWS-1252 -t UTF-8 annuaire.csv"))
        }
        #expect(try CSVText.decode(Data("\u{FEFF}a;b\n".utf8), name: "f") == "a;b\n", "a BOM is dropped")
    }

    @Test func reportLinesAreQuotedOnlyWhenNeeded() throws {
        #expect(CSVText.line(["3", "INVALID_SIRET", "SIRET invalide"], separator: ";") == "3;INVALID_SIRET;SIRET invalide\n")
        let tricky = CSVText.line(["4", "X", "a;b \"c\"\nd"], separator: ";")
        #expect(tricky == "4;X;\"a;b \"\"c\"\"\nd\"\n")
        #expect(try CSVReader(separator: ";").records(tricky).first?.fields == ["4", "X", "a;b \"c\"\nd"], "what is written reads back")
    }
}
