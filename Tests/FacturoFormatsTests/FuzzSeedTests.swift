@testable import FacturoFormats
import Foundation
import Testing

/// The fuzz target's seeds (Fuzz/Corpus/FuzzXMLReader, written for the
/// project, not copied from the official examples) read as invoices, so
/// that fuzzing starts from files that go all the way through.
@Suite("XML fuzz seeds")
struct FuzzSeedTests {
    static let directory = Fixtures.projectRoot.appendingPathComponent("Fuzz/Corpus/FuzzXMLReader")

    @Test("each seed reads, and the UBL seed written as CII is the CII seed")
    func seeds() throws {
        let ubl = try StructuredInvoiceReader.read(try Data(contentsOf: Self.directory.appendingPathComponent("ubl-minimal.xml")))
        #expect(ubl.invoice.lines.count == 1)
        #expect(ubl.invoice.documents.first?.attachment == Data("Hello".utf8))
        let ciiURL = Self.directory.appendingPathComponent("cii-minimal.xml")
        let cii = try StructuredInvoiceReader.read(try Data(contentsOf: ciiURL))
        #expect(cii.syntax == .cii)
        #expect(cii.invoice == ubl.invoice)
    }
}
