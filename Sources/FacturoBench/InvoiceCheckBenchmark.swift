import FacturoDomain
import Foundation

/// Computing and checking a typed invoice (breakdown, totals, every rule)
/// should grow linearly with its lines: 10 000 lines against 1 000 in the
/// same run, ratio near 10.
public enum InvoiceCheckBenchmark {
    public static func run(smallLines: Int = 1000, largeLines: Int = 10_000, repetitions: Int = 15) throws -> BenchmarkResult {
        let small = try invoice(lines: smallLines)
        let large = try invoice(lines: largeLines)
        let day = try CalendarDate("2026-12-01")
        func median(_ lines: [InvoiceLine], header: InvoiceHeader) -> Double {
            var times: [Double] = []
            for _ in 0..<repetitions {
                let started = ContinuousClock.now
                let document = InvoiceDocument.typed(header, lines: lines)
                let violations = InvoiceChecks.violations(of: document, depositDate: day)
                precondition(violations.isEmpty, "the benchmark's invoice is valid")
                times.append(CodecBenchmark.seconds(ContinuousClock.now - started))
            }
            return times.sorted()[times.count / 2] * 1000
        }
        let smallTime = median(small.lines, header: small.header)
        let largeTime = median(large.lines, header: large.header)
        return BenchmarkResult(
            name: "invoice check \(largeLines) lines", value: largeTime, unit: "ms",
            reference: ("\(smallLines) lines", smallTime),
            detail: "typed invoice computed (VAT per rate, totals) and every rule checked; median of \(repetitions)"
        )
    }

    static func invoice(lines count: Int) throws -> (header: InvoiceHeader, lines: [InvoiceLine]) {
        let header = InvoiceHeader(
            number: "BENCH-\(count)", date: try CalendarDate("2026-11-30"), supplier: .siret(try Siret("19290086800022")),
            recipient: .siret(try Siret("13001727000013"))
        )
        let rates = ["20", "10", "5.5", "2.1"]
        let lines = try (0..<count).map { index in
            try InvoiceLine(
                reference: "R\(index)", designation: "Article \(index)", quantity: "\(1 + index % 7).25", unit: "Pièce",
                unitPrice: "\(index % 1000).123456", discount: index % 5 == 0 ? "0.10" : "", vatRate: rates[index % rates.count], field: "lines[\(index + 1)]"
            )
        }
        return (header, lines)
    }
}
