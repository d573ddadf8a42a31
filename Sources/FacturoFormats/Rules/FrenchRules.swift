import FacturoDomain
import Foundation

/// The French rules: BR-FR-DEC-01…04 (how numbers are written: 19 digits
/// at most, and 2, 4, 6 and 2 decimals for amounts, quantities, prices and
/// rates) and the project's FR-TVA-01…02 (the categories and rates French
/// VAT knows). The FR-TVA ids are this exchange's, not an official list's.
/// BR-FR-DEC apply to French invoices (seller or buyer in France, BT-40,
/// BT-55), FR-TVA to a seller under French VAT (BT-40 FR or BT-31 FR…):
/// the standard's examples from elsewhere are not held to them.
enum FrenchRules {
    static func applies(_ invoice: Invoice) -> Bool {
        invoice.seller.address?.country == "FR" || invoice.buyer.address?.country == "FR"
    }

    /// French VAT is the seller's when it is established in France (BT-40) or has a French VAT number (BT-31).
    static func frenchSeller(_ invoice: Invoice) -> Bool {
        invoice.seller.address?.country == "FR" || invoice.seller.vatIdentifier.hasPrefix("FR")
    }

    /// `rule`, checked on French invoices only (`sellerOnly`: French VAT, the seller's).
    static func french(_ rule: EN16931Rule, sellerOnly: Bool = false) -> EN16931Rule {
        EN16931Rule(rule.id, rule.terms, rule.statement + (sellerOnly ? " (vendeur établi en France)" : " (factures françaises)"), severity: rule.severity) { context in
            (sellerOnly ? frenchSeller(context.invoice) : applies(context.invoice)) ? rule.check(context) : []
        }
    }

    typealias Breach = EN16931Rule.Breach
    typealias Invoice = StructuredInvoice

    /// Every amount of the invoice with its location.
    static let amounts: DecimalRules.Values = { invoice in
        let documentTerms: [(String, XMLDecimal?)] = [
            ("BT-106", invoice.totals.lineTotal), ("BT-107", invoice.totals.allowanceTotal), ("BT-108", invoice.totals.chargeTotal),
            ("BT-109", invoice.totals.taxExclusive), ("BT-110", invoice.totals.vatTotal), ("BT-111", invoice.totals.vatTotalInAccountingCurrency),
            ("BT-112", invoice.totals.taxInclusive), ("BT-113", invoice.totals.prepaid), ("BT-114", invoice.totals.rounding), ("BT-115", invoice.totals.payable),
        ]
        var values = documentTerms.compactMap { term, value in value.map { (Finding.Location(term), $0) } }
        for (index, row) in invoice.vatBreakdown.enumerated() {
            values += [("BT-116", row.taxableAmount), ("BT-117", row.taxAmount)].compactMap { term, value in value.map { (.row(term, index), $0) } }
        }
        for (list, amount, base) in [(invoice.allowances, "BT-92", "BT-93"), (invoice.charges, "BT-99", "BT-100")] {
            for (index, item) in list.enumerated() {
                values += [(amount, item.amount), (base, item.baseAmount)].compactMap { term, value in value.map { (.row(term, index), $0) } }
            }
        }
        for (index, line) in invoice.lines.enumerated() {
            if let net = line.netAmount { values.append((.line("BT-131", index), net)) }
        }
        // The lines' allowances and charges (BG-27, BG-28): amounts and bases.
        values += DecimalRules.lineGroups("BT-136", charges: false) { $0.amount }(invoice)
            + DecimalRules.lineGroups("BT-137", charges: false) { $0.baseAmount }(invoice)
            + DecimalRules.lineGroups("BT-141", charges: true) { $0.amount }(invoice)
            + DecimalRules.lineGroups("BT-142", charges: true) { $0.baseAmount }(invoice)
        return values
    }

    static func format(_ id: String, _ what: String, places: Int, positive: Bool, digits: Int = 19, _ values: @escaping DecimalRules.Values) -> EN16931Rule {
        EN16931Rule(id, [], "\(what) : \(digits) chiffres au plus dont \(places) décimales au plus, séparateur « . »\(positive ? ", positif" : "")") { context in
            values(context.invoice).compactMap { location, value in
                if value.value == nil { return Breach(location, "\(what) \(value.text.quotedForFinding) n'est pas un nombre décimal (chiffres, « . »)") }
                if value.places > places { return Breach(location, "\(what) \(value.text) : \(value.places) décimales, \(places) au plus") }
                if value.digitCount > digits { return Breach(location, "\(what) \(value.text) : \(value.digitCount) chiffres, \(digits) au plus") }
                if positive, value.value! < 0 { return Breach(location, "\(what) \(value.text) négatif") }
                return nil
            }
        }
    }

    /// The rates of French VAT (articles 278 and following of the CGI):
    /// mainland 20, 10, 5.5, 2.1; Corsica 13, 0.9 (with 10, 2.1); the
    /// overseas departments 8.5, 1.75, 1.05 (with 2.1).
    static let standardRates: Set<Decimal> = ["20", "10", "5.5", "2.1", "13", "0.9", "8.5", "1.75", "1.05"].map { Decimal(string: $0)! }.reduce(into: []) { $0.insert($1) }
    /// The categories French VAT uses (L and M are the Canary Islands' and Ceuta and Melilla's).
    static let categories: Set<String> = ["S", "Z", "E", "AE", "K", "G", "O"]

    static let all: [EN16931Rule] = rules.map { french($0, sellerOnly: $0.id.hasPrefix("FR-TVA")) }

    static let rules: [EN16931Rule] = [
        format("BR-FR-DEC-01", "montant", places: 2, positive: false, amounts),
        format("BR-FR-DEC-02", "quantité", places: 4, positive: false) { invoice in
            invoice.lines.enumerated().flatMap { index, line in
                [("BT-129", line.quantity), ("BT-149", line.baseQuantity)].compactMap { term, value in value.map { (Finding.Location.line(term, index), $0) } }
            }
        },
        format("BR-FR-DEC-03", "prix unitaire", places: 6, positive: true) { invoice in
            invoice.lines.enumerated().flatMap { index, line in
                [("BT-146", line.netPrice), ("BT-148", line.grossPrice), ("BT-147", line.priceDiscount)].compactMap { term, value in value.map { (Finding.Location.line(term, index), $0) } }
            }
        },
        format("BR-FR-DEC-04", "taux", places: 2, positive: true, digits: 4) { invoice in
            invoice.lines.enumerated().compactMap { index, line in line.vatRate.map { (Finding.Location.line("BT-152", index), $0) } }
                + invoice.vatBreakdown.enumerated().compactMap { index, row in row.rate.map { (Finding.Location.row("BT-119", index), $0) } }
        },
        EN16931Rule("FR-TVA-01", ["BT-118", "BT-151", "BT-95", "BT-102"], "les catégories de TVA sont celles de la TVA française : S, Z, E, AE, K, G, O") { context in
            let invoice = context.invoice
            var breaches: [Breach] = []
            let located: [(Finding.Location, String)] = invoice.vatBreakdown.enumerated().map { (.row("BT-118", $0.offset), $0.element.category) }
                + invoice.lines.enumerated().map { (.line("BT-151", $0.offset), $0.element.vatCategory) }
                + invoice.allowances.enumerated().map { (.row("BT-95", $0.offset), $0.element.vatCategory) }
                + invoice.charges.enumerated().map { (.row("BT-102", $0.offset), $0.element.vatCategory) }
            for (location, category) in located where !category.isEmpty && !categories.contains(category) {
                breaches.append(Breach(location, "catégorie de TVA \(category.quotedForFinding) inconnue de la TVA française (S, Z, E, AE, K, G, O)"))
            }
            return breaches
        },
        EN16931Rule("FR-TVA-02", ["BT-119", "BT-152"], "le taux d'une catégorie S est un taux français : 20, 10, 5.5, 2.1 (métropole), 13, 0.9 (Corse), 8.5, 1.75, 1.05 (DOM)") { context in
            let invoice = context.invoice
            let located: [(Finding.Location, XMLDecimal?)] = invoice.vatBreakdown.enumerated().filter { $0.element.category == "S" }.map { (.row("BT-119", $0.offset), $0.element.rate) }
                + invoice.lines.enumerated().filter { $0.element.vatCategory == "S" }.map { (.line("BT-152", $0.offset), $0.element.vatRate) }
            return located.compactMap { location, rate in
                guard let rate, let value = rate.value, !standardRates.contains(value) else { return nil }
                return Breach(location, "taux \(rate.text) % : les taux français sont 20, 10, 5.5, 2.1, et 13, 0.9 (Corse), 8.5, 1.75, 1.05 (DOM)")
            }
        },
    ]
}
