import FacturoDomain
import Foundation

/// BR-CO-*: the conditions and sums between terms. Sums are exact; only
/// where the official schematron tolerates ±1.00 (BR-CO-17) does
/// `RuleOptions.lenientVATRounding` bring that tolerance back.
enum CalculationRules {
    typealias Breach = EN16931Rule.Breach

    /// `⟨BT-106⟩` in a message: named by its element in the file's syntax when shown.
    static func term(_ id: String) -> String { "⟨\(id)⟩" }

    /// A total that must equal a sum, when the total or any summed part is given.
    static func sum(
        _ id: String, _ terms: [String], _ statement: String, target: String, what: String,
        _ found: @escaping @Sendable (StructuredInvoice) -> XMLDecimal?, _ expected: @escaping @Sendable (RuleContext) -> Decimal?
    ) -> EN16931Rule {
        EN16931Rule(id, terms, statement) { context in
            guard let expected = expected(context) else { return [] }
            let value = found(context.invoice)
            if value == nil, expected == 0 { return [] }
            guard value?.value != expected else { return [] }
            return [Breach(.init(target), "\(what) vaut \(context.amount(expected)) mais \(term(target)) indique \(RuleContext.shown(value))")]
        }
    }

    static func lineReasons(_ id: String, charges: Bool) -> EN16931Rule {
        let terms = charges ? ["BT-144", "BT-145"] : ["BT-139", "BT-140"]
        return CoreRules.eachLineGroup(
            id, terms[0], "chaque \(charges ? "frais" : "remise") de ligne a un motif ou un code de motif (\(terms[0]), \(terms[1]))",
            charges: charges, CoreRules.hasReason, "motif (\(terms[0])) et code de motif (\(terms[1])) absents"
        )
    }

    static let all: [EN16931Rule] = [
        EN16931Rule("BR-CO-03", ["BT-7", "BT-8"], "la date d'exigibilité de la TVA (BT-7) et son code (BT-8) s'excluent") { context in
            let invoice = context.invoice
            guard !invoice.taxPointDate.isEmpty, !invoice.vatPointDateCode.isEmpty else { return [] }
            return [Breach(.init("BT-8"), "date d'exigibilité \(invoice.taxPointDate) (BT-7) et code \(invoice.vatPointDateCode) (BT-8) à la fois")]
        },
        CoreRules.linePresent("BR-CO-04", "BT-151", "un code de catégorie de TVA") { !RuleContext.blank($0.vatCategory) },
        EN16931Rule("BR-CO-09", ["BT-31", "BT-48", "BT-63"], "les identifiants TVA commencent par le code ISO 3166-1 alpha-2 du pays (EL pour la Grèce)") { context in
            let invoice = context.invoice
            let identifiers = [("BT-31", invoice.seller.vatIdentifier), ("BT-48", invoice.buyer.vatIdentifier), ("BT-63", invoice.taxRepresentative?.vatIdentifier ?? "")]
            return identifiers.compactMap { term, value in
                guard !value.isEmpty else { return nil }
                let prefix = value.unicodeScalars.prefix(2)
                let ok = prefix.count == 2 && prefix.allSatisfy { ("A"..."Z").contains($0) }
                return ok ? nil : Breach(.init(term), "identifiant TVA \(value.quotedForFinding) (\(term)) sans préfixe de pays ISO 3166-1 alpha-2")
            }
        },
        sum("BR-CO-10", ["BT-106", "BT-131"], "BT-106 = somme des montants nets des lignes (BT-131)", target: "BT-106", what: "la somme des montants nets des lignes",
            { $0.totals.lineTotal }) { context in
            context.lines.isEmpty && context.totals.lineTotal == nil ? nil : XMLDecimal.sum(context.lines.map(\.netAmount))
        },
        sum("BR-CO-11", ["BT-107", "BT-92"], "BT-107 = somme des remises au niveau du document (BT-92)", target: "BT-107", what: "la somme des remises du document",
            { $0.totals.allowanceTotal }) { XMLDecimal.sum($0.invoice.allowances.map(\.amount)) },
        sum("BR-CO-12", ["BT-108", "BT-99"], "BT-108 = somme des frais au niveau du document (BT-99)", target: "BT-108", what: "la somme des frais du document",
            { $0.totals.chargeTotal }) { XMLDecimal.sum($0.invoice.charges.map(\.amount)) },
        sum("BR-CO-13", ["BT-109", "BT-106", "BT-107", "BT-108"], "BT-109 = BT-106 − BT-107 + BT-108", target: "BT-109",
            what: "\(term("BT-106")) − \(term("BT-107")) + \(term("BT-108"))", { $0.totals.taxExclusive }) { context in
            let totals = context.totals
            guard let lines = totals.lineTotal?.value else { return nil }
            return lines - (totals.allowanceTotal?.value ?? 0) + (totals.chargeTotal?.value ?? 0)
        },
        sum("BR-CO-14", ["BT-110", "BT-117"], "BT-110 = somme des montants de TVA des catégories (BT-117)", target: "BT-110",
            what: "la somme des montants de TVA de la ventilation", { $0.totals.vatTotal }) { context in
            context.invoice.vatBreakdown.isEmpty ? nil : XMLDecimal.sum(context.invoice.vatBreakdown.map(\.taxAmount))
        },
        sum("BR-CO-15", ["BT-112", "BT-109", "BT-110"], "BT-112 = BT-109 + BT-110", target: "BT-112", what: "\(term("BT-109")) + \(term("BT-110"))",
            { $0.totals.taxInclusive }) { context in
            guard let exclusive = context.totals.taxExclusive?.value else { return nil }
            return exclusive + (context.totals.vatTotal?.value ?? 0)
        },
        sum("BR-CO-16", ["BT-115", "BT-112", "BT-113", "BT-114"], "BT-115 = BT-112 − BT-113 + BT-114", target: "BT-115",
            what: "\(term("BT-112")) − \(term("BT-113")) + \(term("BT-114"))", { $0.totals.payable }) { context in
            guard let inclusive = context.totals.taxInclusive?.value else { return nil }
            return inclusive - (context.totals.prepaid?.value ?? 0) + (context.totals.rounding?.value ?? 0)
        },
        EN16931Rule("BR-CO-17", ["BT-117", "BT-116", "BT-119"], "BT-117 = BT-116 × BT-119 / 100, arrondi au centime (tolérance ±1.00 avec --lenient-vat-rounding)") { context in
            context.invoice.vatBreakdown.enumerated().compactMap { index, row in
                guard let base = row.taxableAmount?.value, let rate = row.rate?.value, let found = row.taxAmount?.value else { return nil }
                let expected = ExactDecimal.rounded(base * rate / 100, .amount)
                guard !context.agrees(found, expected, lenient: true) else { return nil }
                return Breach(.row("BT-117", index), "la TVA à \(row.rate!.text) % de \(row.taxableAmount!.text) vaut \(context.amount(expected)) mais \(term("BT-117")) indique \(row.taxAmount!.text)")
            }
        },
        EN16931Rule("BR-CO-18", ["BG-23"], "une facture a au moins une ventilation de TVA (BG-23)") { context in
            context.invoice.vatBreakdown.isEmpty ? [Breach(.row("BT-118", 0), "aucune ventilation de TVA (BG-23)")] : []
        },
        EN16931Rule("BR-CO-19", ["BT-73", "BT-74"], "une période de facturation a une date de début ou de fin (BG-14)") { context in
            guard let period = context.invoice.invoicingPeriod, period.start.isEmpty, period.end.isEmpty else { return [] }
            return [Breach(.init("BT-73"), "période de facturation (BG-14) sans date de début ni de fin")]
        },
        EN16931Rule("BR-CO-20", ["BT-134", "BT-135"], "une période de ligne a une date de début ou de fin (BG-26)") { context in
            context.lines.enumerated().compactMap { index, line in
                guard let period = line.period, period.start.isEmpty, period.end.isEmpty else { return nil }
                return Breach(.line("BT-134", index), "ligne \(index + 1) : période (BG-26) sans date de début ni de fin")
            }
        },
        CoreRules.each("BR-CO-21", "BT-97", "chaque remise au niveau du document a un motif ou un code de motif (BT-97, BT-98)", { $0.allowances }, CoreRules.hasReason) {
            "remise \($0) sans motif (BT-97) ni code de motif (BT-98)"
        },
        CoreRules.each("BR-CO-22", "BT-104", "chaque frais au niveau du document a un motif ou un code de motif (BT-104, BT-105)", { $0.charges }, CoreRules.hasReason) {
            "frais \($0) sans motif (BT-104) ni code de motif (BT-105)"
        },
        lineReasons("BR-CO-23", charges: false),
        lineReasons("BR-CO-24", charges: true),
        EN16931Rule("BR-CO-25", ["BT-115", "BT-9", "BT-20"], "un montant à payer positif s'accompagne d'une date d'échéance (BT-9) ou de conditions de paiement (BT-20), hors avoirs") { context in
            // The official UBL schematron asks it of invoices only (its context is /ubl:Invoice): credit notes are left out in both syntaxes.
            guard !context.invoice.isCreditNote, let payable = context.totals.payable?.value, payable > 0, context.invoice.dueDate.isEmpty, RuleContext.blank(context.invoice.paymentTerms) else { return [] }
            return [Breach(.init("BT-9"), "montant à payer \(context.totals.payable!.text) sans date d'échéance (BT-9) ni conditions de paiement (BT-20)")]
        },
        EN16931Rule("BR-CO-26", ["BT-29", "BT-30", "BT-31"], "le vendeur est identifié par BT-29, BT-30 ou BT-31") { context in
            let seller = context.invoice.seller
            guard seller.identifiers.isEmpty, seller.legalRegistration == nil, RuleContext.blank(seller.vatIdentifier) else { return [] }
            return [Breach(.init("BT-29"), "vendeur sans identifiant (BT-29), immatriculation légale (BT-30) ni identifiant TVA (BT-31)")]
        },
    ]
}

extension String {
    /// In guillemets, as findings quote values.
    var quotedForFinding: String { "« \(self) »" }
}
