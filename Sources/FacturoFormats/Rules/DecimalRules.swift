import FacturoDomain
/// BR-DEC-*: amounts have at most two decimals. Each rule names its term;
/// the value is read as the file wrote it (`XMLDecimal.places`).
enum DecimalRules {
    typealias Breach = EN16931Rule.Breach
    typealias Invoice = StructuredInvoice

    /// The located values of a term.
    typealias Values = @Sendable (Invoice) -> [(Finding.Location, XMLDecimal)]

    static func document(_ term: String, _ value: @escaping @Sendable (Invoice) -> XMLDecimal?) -> Values {
        { invoice in value(invoice).map { [(Finding.Location(term), $0)] } ?? [] }
    }

    static func rows<T>(_ term: String, _ items: @escaping @Sendable (Invoice) -> [T], _ value: @escaping @Sendable (T) -> XMLDecimal?) -> Values {
        { invoice in items(invoice).enumerated().compactMap { index, item in value(item).map { (Finding.Location.row(term, index), $0) } } }
    }

    static func lineGroups(_ term: String, charges: Bool, _ value: @escaping @Sendable (Invoice.AllowanceCharge) -> XMLDecimal?) -> Values {
        { invoice in
            invoice.lines.enumerated().flatMap { lineIndex, line in
                (charges ? line.charges : line.allowances).enumerated().compactMap { index, item in
                    value(item).map { (Finding.Location(term, index: lineIndex + 1, subindex: index + 1), $0) }
                }
            }
        }
    }

    /// A value read with more than `places` decimals breaks `id`.
    static func places(_ id: String, _ term: String, _ what: String, maximum: Int = 2, _ values: @escaping Values) -> EN16931Rule {
        EN16931Rule(id, [term], "\(what) (\(term)) a au plus \(maximum) décimales") { context in
            values(context.invoice).compactMap { location, value in
                value.places > maximum ? Breach(location, "\(what) (\(term)) \(value.text) : \(value.places) décimales, \(maximum) au plus") : nil
            }
        }
    }

    static let all: [EN16931Rule] = [
        places("BR-DEC-01", "BT-92", "le montant d'une remise du document", rows("BT-92", { $0.allowances }, { $0.amount })),
        places("BR-DEC-02", "BT-93", "l'assiette d'une remise du document", rows("BT-93", { $0.allowances }, { $0.baseAmount })),
        places("BR-DEC-05", "BT-99", "le montant de frais du document", rows("BT-99", { $0.charges }, { $0.amount })),
        places("BR-DEC-06", "BT-100", "l'assiette de frais du document", rows("BT-100", { $0.charges }, { $0.baseAmount })),
        places("BR-DEC-09", "BT-106", "la somme des montants nets des lignes", document("BT-106") { $0.totals.lineTotal }),
        places("BR-DEC-10", "BT-107", "la somme des remises du document", document("BT-107") { $0.totals.allowanceTotal }),
        places("BR-DEC-11", "BT-108", "la somme des frais du document", document("BT-108") { $0.totals.chargeTotal }),
        places("BR-DEC-12", "BT-109", "le total hors TVA", document("BT-109") { $0.totals.taxExclusive }),
        places("BR-DEC-13", "BT-110", "le total de la TVA", document("BT-110") { $0.totals.vatTotal }),
        places("BR-DEC-14", "BT-112", "le total TVA comprise", document("BT-112") { $0.totals.taxInclusive }),
        places("BR-DEC-15", "BT-111", "le total de la TVA en devise de comptabilisation", document("BT-111") { $0.totals.vatTotalInAccountingCurrency }),
        places("BR-DEC-16", "BT-113", "le montant payé", document("BT-113") { $0.totals.prepaid }),
        places("BR-DEC-17", "BT-114", "l'arrondi", document("BT-114") { $0.totals.rounding }),
        places("BR-DEC-18", "BT-115", "le montant à payer", document("BT-115") { $0.totals.payable }),
        places("BR-DEC-19", "BT-116", "la base d'une ventilation de TVA", rows("BT-116", { $0.vatBreakdown }, { $0.taxableAmount })),
        places("BR-DEC-20", "BT-117", "la TVA d'une ventilation", rows("BT-117", { $0.vatBreakdown }, { $0.taxAmount })),
        places("BR-DEC-23", "BT-131", "le montant net d'une ligne", rows("BT-131", { $0.lines }, { $0.netAmount })),
        places("BR-DEC-24", "BT-136", "le montant d'une remise de ligne", lineGroups("BT-136", charges: false) { $0.amount }),
        places("BR-DEC-25", "BT-137", "l'assiette d'une remise de ligne", lineGroups("BT-137", charges: false) { $0.baseAmount }),
        places("BR-DEC-27", "BT-141", "le montant de frais de ligne", lineGroups("BT-141", charges: true) { $0.amount }),
        places("BR-DEC-28", "BT-142", "l'assiette de frais de ligne", lineGroups("BT-142", charges: true) { $0.baseAmount }),
    ]
}
