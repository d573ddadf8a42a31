import FacturoDomain
@testable import FacturoFormats
import Foundation
import Testing

/// The rendered PDF is read back with poppler's `pdftotext` (installed by
/// scripts/lib/setup.sh): every amount and identifier must be there.
@Suite("Invoice PDF")
struct InvoicePDFTests {
    static func text(of pdf: Data) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("facturo-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("invoice.pdf")
        let output = directory.appendingPathComponent("invoice.txt")
        try pdf.write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = ["-layout", input.path, output.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try String(contentsOf: output, encoding: .utf8)
    }

    @Test("a typed invoice's PDF shows its parties, references, lines, VAT, totals and certificate")
    func typed() throws {
        let exported = StructuredExport.invoice(try MappingTests.typed(), supplier: MappingTests.supplier, recipient: MappingTests.recipient)
        let pdf = try InvoicePDF.render(exported, certificate: "q2V8yM3m9Wf0cQ1bX7hKpLtR4sUvN6aZ5jEoGdIiHnY=")
        #expect(pdf.starts(with: Data("%PDF-".utf8)))
        // To look at it: FACTURO_KEEP_PDF=/tmp/facture.pdf swift test --filter InvoicePDFTests
        if let keep = ProcessInfo.processInfo.environment["FACTURO_KEEP_PDF"] { try pdf.write(to: URL(fileURLWithPath: keep)) }
        let text = try Self.text(of: pdf)
        for expected in [
            "Facture n° F2026-042", "30/11/2026", "CHAUSSURES ER", "SIRET 48302190100002", "COMMUNE DE BOUGIVAL", "SIRET 21780092900010",
            "SERVICES_TECHNIQUES", "EJ1400005262", "M2026-7", "Chaussures de sécurité", "320.00", "6400.00", "150.00",
            "6550.00", "670.00", "7220.00", "FR7630006000011234567890189", "q2V8yM3m9Wf0cQ1bX7hKpLtR4sUvN6aZ5jEoGdIiHnY=",
        ] {
            #expect(text.contains(expected), "\(expected) missing from the PDF text")
        }
    }

    @Test("every official example renders, its number and amount due readable")
    func examples() throws {
        for name in Fixtures.all {
            let invoice = try StructuredInvoiceReader.read(try Fixtures.data(name)).invoice
            let text = try Self.text(of: try InvoicePDF.render(invoice))
            #expect(text.contains(invoice.number), "\(name): number")
            #expect(text.contains(invoice.totals.payable?.text ?? "?"), "\(name): amount due")
        }
    }

    @Test("a long invoice flows onto as many pages as it needs")
    func pages() throws {
        var invoice = RuleFixtures.french()
        invoice.lines = (0..<400).map { index in with(invoice.lines[1]) { $0.id = "\(index + 1)"; $0.itemName = "Article numéro \(index + 1)" } }
        let text = try Self.text(of: try InvoicePDF.render(invoice))
        #expect(text.contains("Article numéro 400"))
        #expect(text.contains("page 5"))
    }
}

@Suite("Invoice PDF: hostile lengths")
struct InvoicePDFLengthTests {
    @Test("a 5 MB item name is cut, not measured byte by byte")
    func hugeName() throws {
        var invoice = RuleFixtures.french()
        invoice.lines[0].itemName = String(repeating: "W", count: 5_000_000)
        // Fitting it measures at most 300 characters, a dozen times: it
        // completes (byte by byte it took hours), and the name is cut.
        let pdf = try InvoicePDF.render(invoice)
        #expect(pdf.count < 100_000)
        let text = try InvoicePDFTests.text(of: pdf)
        #expect(text.contains("WWW…") || text.contains("WWW..."))
    }
}
