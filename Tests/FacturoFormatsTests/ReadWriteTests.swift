import FacturoDomain
@testable import FacturoFormats
import Foundation
import Testing

@Suite("UBL and CII read and written")
struct ReadWriteTests {
    @Test("the workplace holds the official examples")
    func fixturesPresent() {
        #expect(Fixtures.ubl.count >= 19)
        #expect(Fixtures.cii.count >= 15)
    }

    @Test("every official example reads, and reads the same after being written in its syntax", arguments: Fixtures.all)
    func roundTrip(name: String) throws {
        let read = try StructuredInvoiceReader.read(try Fixtures.data(name))
        #expect(!read.invoice.number.isEmpty)
        #expect(!read.invoice.lines.isEmpty)
        let written = read.syntax == .ubl ? UBLWriter.write(read.invoice) : CIIWriter.write(read.invoice)
        let again = try StructuredInvoiceReader.read(written)
        #expect(again.syntax == read.syntax)
        #expect(again.invoice == read.invoice)
    }

    @Test("every official example written in the other syntax reads the same", arguments: Fixtures.all)
    func crossSyntax(name: String) throws {
        let read = try StructuredInvoiceReader.read(try Fixtures.data(name))
        let written = read.syntax == .ubl ? CIIWriter.write(read.invoice) : UBLWriter.write(read.invoice)
        let again = try StructuredInvoiceReader.read(written)
        #expect(again.syntax != read.syntax)
        #expect(again.invoice == read.invoice)
    }

    @Test("a ChargeIndicator written 1 or 0 (xs:boolean) reads as true or false", arguments: [StructuredSyntax.ubl, .cii])
    func numericChargeIndicator(syntax: StructuredSyntax) throws {
        let invoice = RuleFixtures.french()
        let written = String(decoding: syntax == .ubl ? UBLWriter.write(invoice) : CIIWriter.write(invoice), as: UTF8.self)
        let (open, close) = syntax == .ubl ? ("<cbc:ChargeIndicator>", "</cbc:ChargeIndicator>") : ("<udt:Indicator>", "</udt:Indicator>")
        #expect(written.contains(open + "true" + close))
        let numeric = written.replacingOccurrences(of: open + "true" + close, with: open + "1" + close)
            .replacingOccurrences(of: open + "false" + close, with: open + "0" + close)
        let reference = try StructuredInvoiceReader.read(Data(written.utf8)).invoice
        let read = try StructuredInvoiceReader.read(Data(numeric.utf8)).invoice
        #expect(reference.charges.count == 1 && reference.allowances.count == 1)
        #expect(read == reference)
    }

    @Test("a file over 10 000 000 bytes and under 10 MiB reads whole")
    func largeFileUnderTheLimit() throws {
        var invoice = RuleFixtures.french()
        let line = invoice.lines[1]
        func lines(_ count: Int) -> [StructuredInvoice.Line] {
            (1...count).map { index in
                var copy = line
                copy.id = String(index)
                return copy
            }
        }
        invoice.lines = lines(100)
        let hundred = UBLWriter.write(invoice).count
        invoice.lines = lines(200)
        let perLine = (UBLWriter.write(invoice).count - hundred) / 100
        invoice.lines = lines(200 + (10_200_000 - UBLWriter.write(invoice).count) / perLine)
        let data = UBLWriter.write(invoice)
        #expect(data.count > 10_000_000 && data.count < XMLLimits.standard.maximumFileBytes)
        let read = try StructuredInvoiceReader.read(data)
        #expect(read.invoice.lines.count == invoice.lines.count)
    }
}
