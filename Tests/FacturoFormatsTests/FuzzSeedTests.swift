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

/// Inputs the fuzzer found crashing, kept as seeds and checked here the
/// way the fuzz target uses them.
@Suite("XML fuzz regressions")
struct FuzzRegressionXMLTests {
    /// crash-0c75f77c: an AdditionalDocumentReference with nothing in it was
    /// read as a document and not written back (the round trip differed).
    @Test("each reads, checks, and reads back the same in both syntaxes", arguments: ["crash-0c75f77c"])
    func regression(_ name: String) throws {
        let data = try Data(contentsOf: FuzzSeedTests.directory.appendingPathComponent(name))
        let read = try StructuredInvoiceReader.read(data, limits: XMLLimits(maximumFileBytes: 1 << 20, maximumAttachmentBytes: 1 << 20))
        _ = EN16931Rules.check(read.invoice)
        for written in [UBLWriter.write(read.invoice), CIIWriter.write(read.invoice)] {
            let again = try StructuredInvoiceReader.read(written).invoice
            #expect(again == read.invoice)
        }
    }
}
