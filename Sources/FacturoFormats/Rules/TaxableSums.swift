import Foundation

/// The lines' nets plus the document's charges minus its allowances, by VAT
/// category and by category and rate, summed once per check: BR-x-08 asks
/// it of every breakdown row, and summing the lines for each row would make
/// a file with many rows and many lines quadratic. An item without a rate
/// counts at rate 0, as the rules read it.
struct TaxableSums {
    private var byCategory: [String: Decimal] = [:]
    /// Per category, one sum per rate, sorted by rate (Decimal's `==` is by
    /// value, 20 and 20.00 alike, which its hash is not documented to follow).
    private var byRate: [String: [(rate: Decimal, sum: Decimal)]] = [:]

    init(_ invoice: StructuredInvoice) {
        var items: [String: [(rate: Decimal, amount: Decimal)]] = [:]
        func add(_ category: String, _ rate: XMLDecimal?, _ amount: Decimal) {
            byCategory[category, default: 0] += amount
            items[category, default: []].append((rate?.value ?? 0, amount))
        }
        for line in invoice.lines { add(line.vatCategory, line.vatRate, line.netAmount?.value ?? 0) }
        for charge in invoice.charges { add(charge.vatCategory, charge.vatRate, charge.amount?.value ?? 0) }
        for allowance in invoice.allowances { add(allowance.vatCategory, allowance.vatRate, -(allowance.amount?.value ?? 0)) }
        byRate = items.mapValues { list in
            var sums: [(rate: Decimal, sum: Decimal)] = []
            for item in list.sorted(by: { $0.rate < $1.rate }) {
                if let last = sums.last, last.rate == item.rate { sums[sums.count - 1].sum += item.amount } else { sums.append((item.rate, item.amount)) }
            }
            return sums
        }
    }

    /// The sum for `category`, at `rate` when given, else at every rate.
    func taxable(category: String, rate: Decimal?) -> Decimal {
        guard let rate else { return byCategory[category] ?? 0 }
        guard let sums = byRate[category] else { return 0 }
        var low = 0
        var high = sums.count
        while low < high {
            let middle = (low + high) / 2
            if sums[middle].rate < rate { low = middle + 1 } else { high = middle }
        }
        return low < sums.count && sums[low].rate == rate ? sums[low].sum : 0
    }
}
