import FacturoDomain
import Foundation

/// The VAT category rules of EN 16931 for S (standard), Z (zero rated),
/// E (exempt), AE (reverse charge), K (intra-community, rules BR-IC-*), G (export) and O
/// (not subject to VAT): the same ten questions asked of each category,
/// with the answers the standard gives for it, plus K's and O's own.
enum VATCategoryRules {
    typealias Breach = EN16931Rule.Breach
    typealias Invoice = StructuredInvoice

    /// What a category demands.
    struct Category {
        /// `S`, `AE`…; rule ids are `BR-<prefix>-nn`.
        let code: String
        let prefix: String
        let label: String
        /// -02…04: which identifiers the invoice must (or, for O, must not) carry.
        let identifiers: Identifiers
        /// -05…07: the rate of lines, allowances and charges.
        let rate: Rate
        /// -10: whether the breakdown must (E, AE, K, G, O) or must not (S, Z) give an exemption reason.
        let exemptionReason: Bool
    }

    enum Identifiers {
        /// BT-31, BT-32 or BT-63.
        case sellerVATOrTaxRegistration
        /// BT-31 or BT-63.
        case sellerVAT
        /// BT-31/BT-32/BT-63, and BT-48 or BT-47.
        case sellerAndBuyerOrLegal
        /// BT-31 or BT-63, and BT-48.
        case sellerAndBuyerVAT
        /// None of BT-31, BT-63, BT-48.
        case none
    }

    enum Rate {
        case positive
        case zero
        case absent
    }

    static let categories: [Category] = [
        Category(code: "S", prefix: "S", label: "taux normal (S)", identifiers: .sellerVATOrTaxRegistration, rate: .positive, exemptionReason: false),
        Category(code: "Z", prefix: "Z", label: "taux zéro (Z)", identifiers: .sellerVATOrTaxRegistration, rate: .zero, exemptionReason: false),
        Category(code: "E", prefix: "E", label: "exonérée (E)", identifiers: .sellerVATOrTaxRegistration, rate: .zero, exemptionReason: true),
        Category(code: "AE", prefix: "AE", label: "autoliquidation (AE)", identifiers: .sellerAndBuyerOrLegal, rate: .zero, exemptionReason: true),
        // Category K's rules are BR-IC-* (intra-community supply).
        Category(code: "K", prefix: "IC", label: "livraison intracommunautaire (K)", identifiers: .sellerAndBuyerVAT, rate: .zero, exemptionReason: true),
        Category(code: "G", prefix: "G", label: "exportation hors UE (G)", identifiers: .sellerVAT, rate: .zero, exemptionReason: true),
        Category(code: "O", prefix: "O", label: "hors champ de la TVA (O)", identifiers: .none, rate: .absent, exemptionReason: true),
    ]

    static let all: [EN16931Rule] = categories.flatMap(rules) + [k11, k12, o11, o12, o13, o14]

    static func rules(_ category: Category) -> [EN16931Rule] {
        let code = category.code
        let id = { (number: Int) in "BR-\(category.prefix)-\(String(format: "%02d", number))" }
        var rules: [EN16931Rule] = []
        rules.append(EN16931Rule(id(1), ["BG-23", "BT-118"], "une ligne, remise ou frais en \(category.label) implique une ventilation de TVA \(code)") { context in
            let invoice = context.invoice
            let used = invoice.lines.contains { $0.vatCategory == code } || invoice.allowances.contains { $0.vatCategory == code } || invoice.charges.contains { $0.vatCategory == code }
            guard used, !invoice.vatBreakdown.contains(where: { $0.category == code }) else { return [] }
            return [Breach(.row("BT-118", 0), "catégorie \(code) employée sans ventilation de TVA \(code) (BG-23)")]
        })
        for (number, what, used) in [
            (2, "une ligne", { @Sendable (invoice: Invoice) in invoice.lines.contains { $0.vatCategory == code } }),
            (3, "une remise du document", { @Sendable (invoice: Invoice) in invoice.allowances.contains { $0.vatCategory == code } }),
            (4, "des frais du document", { @Sendable (invoice: Invoice) in invoice.charges.contains { $0.vatCategory == code } }),
        ] as [(Int, String, @Sendable (Invoice) -> Bool)] {
            rules.append(EN16931Rule(id(number), terms(category.identifiers), "\(what) en \(category.label) : \(statement(category.identifiers))") { context in
                guard used(context.invoice), let missing = breach(category.identifiers, context.invoice) else { return [] }
                return [Breach(.init(missing.term), "\(what) en \(category.label) : \(missing.message)")]
            })
        }
        for (number, what, term, rates) in [
            (5, "ligne", "BT-152", { @Sendable (invoice: Invoice) in invoice.lines.enumerated().filter { $0.element.vatCategory == code }.map { ($0.offset, $0.element.vatRate) } }),
            (6, "remise", "BT-96", { @Sendable (invoice: Invoice) in invoice.allowances.enumerated().filter { $0.element.vatCategory == code }.map { ($0.offset, $0.element.vatRate) } }),
            (7, "frais", "BT-103", { @Sendable (invoice: Invoice) in invoice.charges.enumerated().filter { $0.element.vatCategory == code }.map { ($0.offset, $0.element.vatRate) } }),
        ] as [(Int, String, String, @Sendable (Invoice) -> [(Int, XMLDecimal?)])] {
            rules.append(EN16931Rule(id(number), [term], "\(what) en \(category.label) : \(rateStatement(category.rate)) (\(term))") { context in
                rates(context.invoice).compactMap { index, rate in
                    rateBreach(category.rate, rate).map { Breach(.row(term, index), "\(what) \(index + 1) en \(category.label) : \($0)") }
                }
            })
        }
        rules.append(EN16931Rule(id(8), ["BT-116", "BT-131", "BT-92", "BT-99"],
            "base de la ventilation \(code) = lignes \(code) + frais \(code) − remises \(code)\(code == "S" ? ", par taux" : "")\(code == "S" ? " (tolérance ±1.00 avec --lenient-vat-rounding)" : "")") { context in
            context.invoice.vatBreakdown.enumerated().compactMap { index, row in
                guard row.category == code, let found = row.taxableAmount?.value else { return nil }
                let expected = context.expectedTaxable(category: code, rate: code == "S" ? row.rate?.value ?? 0 : nil)
                guard !context.agrees(found, expected, lenient: code == "S") else { return nil }
                let rate = code == "S" ? " à \(row.rate?.text ?? "?") %" : ""
                return Breach(.row("BT-116", index), "la base \(code)\(rate) calculée (lignes + frais − remises) vaut \(context.amount(expected)) mais \(CalculationRules.term("BT-116")) indique \(row.taxableAmount!.text)")
            }
        })
        rules.append(EN16931Rule(id(9), ["BT-117"], code == "S"
            ? "TVA de la ventilation S = base × taux, au centime (tolérance ±1.00 avec --lenient-vat-rounding)" : "TVA de la ventilation \(code) = 0") { context in
            context.invoice.vatBreakdown.enumerated().compactMap { index, row in
                guard row.category == code, let found = row.taxAmount?.value else { return nil }
                let base: Decimal = row.taxableAmount?.value ?? 0
                let rate: Decimal = row.rate?.value ?? 0
                let expected: Decimal = code == "S" ? ExactDecimal.rounded(base * rate / 100, .amount) : 0
                guard !context.agrees(found, expected, lenient: code == "S") else { return nil }
                return Breach(.row("BT-117", index), "la TVA \(code) attendue vaut \(context.amount(expected)) mais \(CalculationRules.term("BT-117")) indique \(row.taxAmount!.text)")
            }
        })
        rules.append(EN16931Rule(id(10), ["BT-120", "BT-121"], category.exemptionReason
            ? "une ventilation \(code) donne un motif d'exonération (BT-120) ou son code (BT-121)" : "une ventilation \(code) ne donne pas de motif d'exonération (BT-120, BT-121)") { context in
            context.invoice.vatBreakdown.enumerated().compactMap { index, row in
                guard row.category == code else { return nil }
                let given = !RuleContext.blank(row.exemptionReason) || !RuleContext.blank(row.exemptionReasonCode)
                if category.exemptionReason, !given { return Breach(.row("BT-120", index), "ventilation \(code) sans motif d'exonération (BT-120) ni code (BT-121)") }
                if !category.exemptionReason, given { return Breach(.row("BT-120", index), "ventilation \(code) avec un motif d'exonération, qui n'y a pas sa place") }
                return nil
            }
        })
        return rules
    }

    static func terms(_ identifiers: Identifiers) -> [String] {
        switch identifiers {
        case .sellerVATOrTaxRegistration: ["BT-31", "BT-32", "BT-63"]
        case .sellerVAT: ["BT-31", "BT-63"]
        case .sellerAndBuyerOrLegal: ["BT-31", "BT-32", "BT-63", "BT-48", "BT-47"]
        case .sellerAndBuyerVAT: ["BT-31", "BT-63", "BT-48"]
        case .none: ["BT-31", "BT-63", "BT-48"]
        }
    }

    static func statement(_ identifiers: Identifiers) -> String {
        switch identifiers {
        case .sellerVATOrTaxRegistration: "identifiant TVA (BT-31), enregistrement fiscal (BT-32) ou TVA du représentant (BT-63) du vendeur"
        case .sellerVAT: "identifiant TVA du vendeur (BT-31) ou de son représentant (BT-63)"
        case .sellerAndBuyerOrLegal: "identifiant du vendeur (BT-31, BT-32 ou BT-63) et identifiant TVA (BT-48) ou immatriculation (BT-47) de l'acheteur"
        case .sellerAndBuyerVAT: "identifiant TVA du vendeur (BT-31 ou BT-63) et de l'acheteur (BT-48)"
        case .none: "ni identifiant TVA du vendeur (BT-31), ni de son représentant (BT-63), ni de l'acheteur (BT-48)"
        }
    }

    static func breach(_ identifiers: Identifiers, _ invoice: Invoice) -> (term: String, message: String)? {
        let sellerVAT = !RuleContext.blank(invoice.seller.vatIdentifier) || !RuleContext.blank(invoice.taxRepresentative?.vatIdentifier ?? "")
        let sellerAny = sellerVAT || !RuleContext.blank(invoice.seller.taxRegistration)
        let buyerVAT = !RuleContext.blank(invoice.buyer.vatIdentifier)
        switch identifiers {
        case .sellerVATOrTaxRegistration:
            return sellerAny ? nil : ("BT-31", "identifiant TVA du vendeur (BT-31, BT-32 ou BT-63) absent")
        case .sellerVAT:
            return sellerVAT ? nil : ("BT-31", "identifiant TVA du vendeur (BT-31 ou BT-63) absent")
        case .sellerAndBuyerOrLegal:
            if !sellerAny { return ("BT-31", "identifiant TVA du vendeur (BT-31, BT-32 ou BT-63) absent") }
            return buyerVAT || invoice.buyer.legalRegistration != nil ? nil : ("BT-48", "identifiant TVA (BT-48) ou immatriculation (BT-47) de l'acheteur absent")
        case .sellerAndBuyerVAT:
            if !sellerVAT { return ("BT-31", "identifiant TVA du vendeur (BT-31 ou BT-63) absent") }
            return buyerVAT ? nil : ("BT-48", "identifiant TVA de l'acheteur (BT-48) absent")
        case .none:
            if !RuleContext.blank(invoice.seller.vatIdentifier) { return ("BT-31", "identifiant TVA du vendeur (BT-31) donné") }
            if !RuleContext.blank(invoice.taxRepresentative?.vatIdentifier ?? "") { return ("BT-63", "identifiant TVA du représentant fiscal (BT-63) donné") }
            return buyerVAT ? ("BT-48", "identifiant TVA de l'acheteur (BT-48) donné") : nil
        }
    }

    static func rateStatement(_ rate: Rate) -> String {
        switch rate {
        case .positive: "taux supérieur à zéro"
        case .zero: "taux de 0"
        case .absent: "pas de taux"
        }
    }

    static func rateBreach(_ rate: Rate, _ value: XMLDecimal?) -> String? {
        switch rate {
        case .positive: (value?.value ?? 0) > 0 ? nil : "taux \(RuleContext.shown(value)) (supérieur à zéro attendu)"
        case .zero: value?.value == 0 ? nil : "taux \(RuleContext.shown(value)) (0 attendu)"
        case .absent: value == nil ? nil : "taux \(value!.text) donné (aucun attendu)"
        }
    }

    static let k11 = EN16931Rule("BR-IC-11", ["BT-72", "BG-14"], "une facture en livraison intracommunautaire (K) a une date de livraison (BT-72) ou une période de facturation (BG-14)") { context in
        let invoice = context.invoice
        guard invoice.vatBreakdown.contains(where: { $0.category == "K" }), (invoice.delivery?.date ?? "").isEmpty, invoice.invoicingPeriod == nil else { return [] }
        return [Breach(.init("BT-72"), "livraison intracommunautaire sans date de livraison (BT-72) ni période de facturation (BG-14)")]
    }

    static let k12 = EN16931Rule("BR-IC-12", ["BT-80"], "une facture en livraison intracommunautaire (K) a le code de pays de livraison (BT-80)") { context in
        let invoice = context.invoice
        guard invoice.vatBreakdown.contains(where: { $0.category == "K" }), RuleContext.blank(invoice.delivery?.address?.country ?? "") else { return [] }
        return [Breach(.init("BT-80"), "livraison intracommunautaire sans code de pays de livraison (BT-80)")]
    }

    static let o11 = EN16931Rule("BR-O-11", ["BG-23"], "une facture hors champ (O) n'a pas d'autre ventilation de TVA que O") { context in
        let breakdown = context.invoice.vatBreakdown
        guard breakdown.contains(where: { $0.category == "O" }) else { return [] }
        return breakdown.enumerated().compactMap { index, row in
            row.category == "O" ? nil : Breach(.row("BT-118", index), "ventilation \(row.category) dans une facture hors champ (O)")
        }
    }

    static func outsideScopeOthers(_ id: String, _ term: String, _ what: String, _ categories: @escaping @Sendable (Invoice) -> [String]) -> EN16931Rule {
        EN16931Rule(id, [term], "une facture hors champ (O) n'a pas de \(what) d'une autre catégorie (\(term))") { context in
            guard context.invoice.vatBreakdown.contains(where: { $0.category == "O" }) else { return [] }
            return categories(context.invoice).enumerated().compactMap { index, category in
                category == "O" ? nil : Breach(.row(term, index), "\(what) \(index + 1) en catégorie \(category) dans une facture hors champ (O)")
            }
        }
    }

    static let o12 = outsideScopeOthers("BR-O-12", "BT-151", "ligne") { $0.lines.map(\.vatCategory) }
    static let o13 = outsideScopeOthers("BR-O-13", "BT-95", "remise") { $0.allowances.map(\.vatCategory) }
    static let o14 = outsideScopeOthers("BR-O-14", "BT-102", "frais") { $0.charges.map(\.vatCategory) }
}
