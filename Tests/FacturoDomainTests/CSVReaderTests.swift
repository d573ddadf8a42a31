import FacturoDomain
import Foundation
import Testing

@Suite struct CSVReaderTests {
    @Test func quotedFieldsSeparatorsAndLineNumbers() throws {
        let text = "a;b;c\n1;\"x;y\";\"say \"\"hi\"\"\"\n\n2;\"two\nlines\";z\r\n3;;\n"
        let records = try CSVReader(separator: ";").records(text)
        #expect(records.map(\.line) == [1, 2, 4, 6])
        #expect(records[1].fields == ["1", "x;y", "say \"hi\""])
        #expect(records[2].fields == ["2", "two\nlines", "z"])
        #expect(records[3].fields == ["3", "", ""])
    }

    @Test func separatorDetectionAndErrors() {
        #expect(CSVReader.detectSeparator(headerLine: "identifiant;raison_sociale;publique") == ";")
        #expect(CSVReader.detectSeparator(headerLine: "identifiant,raison_sociale,publique") == ",")
        #expect(throws: CSVReader.Failure.unterminatedQuote(line: 2)) { try CSVReader(separator: ",").records("a,b\n1,\"open\n") }
        #expect((try? CSVReader(separator: ",").records("x,\"\"\n"))?.first?.fields == ["x", ""])
    }
}
