import FacturoDomain
import FacturoFormats
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reading a UBL invoice with Foundation's streaming parser and checking
/// every EN 16931 rule should grow linearly with its lines: 4 188 lines
/// against 419 in the same run, ratio near 10. (Schematron validators are
/// known to take about 6 minutes on a 4 188-line file.)
public enum InvoiceXMLBenchmark {
    public static func run(smallLines: Int = 419, largeLines: Int = 4188, repetitions: Int = 9) throws -> BenchmarkResult {
        let small = UBLWriter.write(invoice(lines: smallLines))
        let large = UBLWriter.write(invoice(lines: largeLines))
        func median(_ data: Data) throws -> Double {
            var times: [Double] = []
            for _ in 0..<repetitions {
                let started = ContinuousClock.now
                let read = try StructuredInvoiceReader.read(data)
                let findings = EN16931Rules.check(read.invoice)
                precondition(findings.isEmpty, "the benchmark's invoice is valid: \(findings.first.map { "\($0.rule) \($0.message)" } ?? "")")
                times.append(CodecBenchmark.seconds(ContinuousClock.now - started))
            }
            return times.sorted()[times.count / 2] * 1000
        }
        let smallTime = try median(small)
        let largeTime = try median(large)
        // Where the time goes: Foundation's parser alone over the same file,
        // with a delegate that does nothing.
        var bare: [Double] = []
        for _ in 0..<repetitions {
            let started = ContinuousClock.now
            let parser = XMLParser(data: large)
            parser.shouldProcessNamespaces = true
            let delegate = NothingDelegate()
            parser.delegate = delegate
            _ = parser.parse()
            bare.append(CodecBenchmark.seconds(ContinuousClock.now - started))
        }
        let bareTime = bare.sorted()[bare.count / 2] * 1000
        return BenchmarkResult(
            name: "UBL \(largeLines) lines, parse + check", value: largeTime, unit: "ms",
            reference: ("\(smallLines) lines", smallTime),
            detail: "\(large.count / 1024) KiB file read by XMLParser (streaming) and all \(EN16931Rules.all.count) rules checked; XMLParser alone on it, no handler: \(String(format: "%.0f", bareTime)) ms; median of \(repetitions); a schematron validator takes about 6 min on such a file"
        )
    }

    final class NothingDelegate: NSObject, XMLParserDelegate {}

    /// A French invoice of `count` lines at 20 %, each with the terms a
    /// real line carries (period, order line, item identifiers, price).
    static func invoice(lines count: Int) -> StructuredInvoice {
        var invoice = StructuredInvoice()
        invoice.specification = "urn:cen.eu:en16931:2017"
        invoice.number = "BENCH-\(count)"
        invoice.issueDate = "2026-11-30"
        invoice.dueDate = "2026-12-30"
        invoice.typeCode = "380"
        invoice.currency = "EUR"
        invoice.buyerReference = "SERVICES_TECHNIQUES"
        invoice.orderReference = "EJ1400005262"
        var address = StructuredInvoice.Address()
        address.line1 = "1 rue de la Paix"
        address.city = "Paris"
        address.postcode = "75001"
        address.country = "FR"
        invoice.seller.name = "CHAUSSURES ER"
        invoice.seller.identifiers = [.init("48302190100002", scheme: "0009")]
        invoice.seller.vatIdentifier = "FR12483021901"
        invoice.seller.address = address
        invoice.buyer.name = "COMMUNE DE BOUGIVAL"
        invoice.buyer.identifiers = [.init("21780092900010", scheme: "0009")]
        invoice.buyer.address = address
        var net = Decimal(0)
        invoice.lines = (0..<count).map { index in
            var line = StructuredInvoice.Line()
            let quantity = Decimal(1 + index % 9)
            let price = Decimal(10 + index % 90) + Decimal(string: "0.25")!
            let amount = quantity * price
            net += amount
            line.id = "\(index + 1)"
            line.note = "Livraison partielle \(index % 12)"
            line.quantity = XMLDecimal(quantity, places: .quantity)
            line.unitCode = "C62"
            line.netAmount = XMLDecimal(amount: amount)
            line.orderLineReference = "\(index % 50 + 1)"
            line.period = .init(start: "2026-11-01", end: "2026-11-30")
            line.netPrice = XMLDecimal(price, places: .unitPrice)
            line.vatCategory = "S"
            line.vatRate = XMLDecimal("20")
            line.itemName = "Article \(index)"
            line.itemDescription = "Chaussure de sécurité, pointure \(36 + index % 12)"
            line.sellerItemId = "REF-\(index)"
            line.standardItemId = .init("3037920\(String(format: "%06d", index % 1_000_000))", scheme: "0160")
            line.classifications = [.init(code: "18830000", listID: "STI")]
            return line
        }
        let vat = ExactDecimal.rounded(net * 20 / 100, .amount)
        invoice.vatBreakdown = [.init(taxableAmount: XMLDecimal(amount: net), taxAmount: XMLDecimal(amount: vat), category: "S", rate: XMLDecimal("20"))]
        invoice.totals.lineTotal = XMLDecimal(amount: net)
        invoice.totals.taxExclusive = XMLDecimal(amount: net)
        invoice.totals.vatTotal = XMLDecimal(amount: vat)
        invoice.totals.taxInclusive = XMLDecimal(amount: net + vat)
        invoice.totals.payable = XMLDecimal(amount: net + vat)
        return invoice
    }
}
