import FacturoDomain
import Foundation

/// BR-01…BR-65: what an invoice must hold, each as the standard states it.
enum CoreRules {
    typealias Breach = EN16931Rule.Breach
    typealias Invoice = StructuredInvoice

    /// A term that must be present at document level.
    static func present(_ id: String, _ term: String, _ what: String, _ value: @escaping @Sendable (Invoice) -> String) -> EN16931Rule {
        EN16931Rule(id, [term], "une facture a \(what) (\(term))") { context in
            RuleContext.blank(value(context.invoice)) ? [Breach(.init(term), "\(what) (\(term)) absent")] : []
        }
    }

    /// A term that must be present in each line.
    static func linePresent(_ id: String, _ term: String, _ what: String, _ value: @escaping @Sendable (Invoice.Line) -> Bool) -> EN16931Rule {
        EN16931Rule(id, [term], "chaque ligne a \(what) (\(term))") { context in
            context.lines.enumerated().compactMap { index, line in
                value(line) ? nil : Breach(.line(term, index), "ligne \(index + 1) (\(line.id)) : \(what) (\(term)) absent")
            }
        }
    }

    /// A term that must be present in each element of a repeated group.
    static func each<T>(
        _ id: String, _ term: String, _ statement: String, _ items: @escaping @Sendable (Invoice) -> [T], _ ok: @escaping @Sendable (T) -> Bool,
        _ message: @escaping @Sendable (Int) -> String
    ) -> EN16931Rule {
        EN16931Rule(id, [term], statement) { context in
            items(context.invoice).enumerated().compactMap { index, item in ok(item) ? nil : Breach(.row(term, index), message(index + 1)) }
        }
    }

    /// In each line's allowances (or charges): `(line, nth)`.
    static func eachLineGroup(
        _ id: String, _ term: String, _ statement: String, charges: Bool, _ ok: @escaping @Sendable (Invoice.AllowanceCharge) -> Bool, _ what: String
    ) -> EN16931Rule {
        EN16931Rule(id, [term], statement) { context in
            var breaches: [Breach] = []
            for (lineIndex, line) in context.lines.enumerated() {
                for (index, item) in (charges ? line.charges : line.allowances).enumerated() where !ok(item) {
                    breaches.append(Breach(.init(term, index: lineIndex + 1, subindex: index + 1), "ligne \(lineIndex + 1), \(charges ? "frais" : "remise") \(index + 1) : \(what)"))
                }
            }
            return breaches
        }
    }

    static func hasReason(_ item: Invoice.AllowanceCharge) -> Bool { !RuleContext.blank(item.reason) || !RuleContext.blank(item.reasonCode) }

    static let all: [EN16931Rule] = [
        present("BR-01", "BT-24", "un identifiant de spécification") { $0.specification },
        present("BR-02", "BT-1", "un numéro de facture") { $0.number },
        present("BR-03", "BT-2", "une date d'émission") { $0.issueDate },
        present("BR-04", "BT-3", "un code de type de facture") { $0.typeCode },
        present("BR-05", "BT-5", "un code de devise") { $0.currency },
        present("BR-06", "BT-27", "le nom du vendeur") { $0.seller.name },
        present("BR-07", "BT-44", "le nom de l'acheteur") { $0.buyer.name },
        EN16931Rule("BR-08", ["BG-5"], "une facture a l'adresse postale du vendeur (BG-5)") { context in
            context.invoice.seller.address == nil ? [Breach(.init("BT-40"), "adresse postale du vendeur (BG-5) absente")] : []
        },
        present("BR-09", "BT-40", "le code de pays du vendeur") { $0.seller.address?.country ?? "" },
        EN16931Rule("BR-10", ["BG-8"], "une facture a l'adresse postale de l'acheteur (BG-8)") { context in
            context.invoice.buyer.address == nil ? [Breach(.init("BT-55"), "adresse postale de l'acheteur (BG-8) absente")] : []
        },
        present("BR-11", "BT-55", "le code de pays de l'acheteur") { $0.buyer.address?.country ?? "" },
        present("BR-12", "BT-106", "la somme des montants nets des lignes") { $0.totals.lineTotal?.text ?? "" },
        present("BR-13", "BT-109", "le montant total hors TVA") { $0.totals.taxExclusive?.text ?? "" },
        present("BR-14", "BT-112", "le montant total TVA comprise") { $0.totals.taxInclusive?.text ?? "" },
        present("BR-15", "BT-115", "le montant à payer") { $0.totals.payable?.text ?? "" },
        EN16931Rule("BR-16", ["BG-25"], "une facture a au moins une ligne (BG-25)") { context in
            context.lines.isEmpty ? [Breach(.init("BT-126"), "aucune ligne de facture (BG-25)")] : []
        },
        EN16931Rule("BR-17", ["BT-59"], "un bénéficiaire distinct du vendeur a un nom (BT-59)") { context in
            guard let payee = context.invoice.payee, RuleContext.blank(payee.name) else { return [] }
            return [Breach(.init("BT-59"), "bénéficiaire (BG-10) sans nom (BT-59)")]
        },
        EN16931Rule("BR-18", ["BT-62"], "un représentant fiscal a un nom (BT-62)") { context in
            guard let representative = context.invoice.taxRepresentative, RuleContext.blank(representative.name) else { return [] }
            return [Breach(.init("BT-62"), "représentant fiscal (BG-11) sans nom (BT-62)")]
        },
        EN16931Rule("BR-19", ["BG-12"], "un représentant fiscal a une adresse postale (BG-12)") { context in
            guard let representative = context.invoice.taxRepresentative, representative.address == nil else { return [] }
            return [Breach(.init("BT-69"), "représentant fiscal (BG-11) sans adresse postale (BG-12)")]
        },
        EN16931Rule("BR-20", ["BT-69"], "l'adresse du représentant fiscal a un code de pays (BT-69)") { context in
            guard let address = context.invoice.taxRepresentative?.address, RuleContext.blank(address.country) else { return [] }
            return [Breach(.init("BT-69"), "adresse du représentant fiscal sans code de pays (BT-69)")]
        },
        linePresent("BR-21", "BT-126", "un identifiant") { !RuleContext.blank($0.id) },
        linePresent("BR-22", "BT-129", "une quantité facturée") { $0.quantity != nil },
        linePresent("BR-23", "BT-130", "une unité de mesure") { !RuleContext.blank($0.unitCode) },
        linePresent("BR-24", "BT-131", "un montant net") { $0.netAmount != nil },
        linePresent("BR-25", "BT-153", "un nom d'article") { !RuleContext.blank($0.itemName) },
        linePresent("BR-26", "BT-146", "un prix net") { $0.netPrice != nil },
        EN16931Rule("BR-27", ["BT-146"], "le prix net d'un article n'est pas négatif (BT-146)") { context in
            context.lines.enumerated().compactMap { index, line in
                guard let price = line.netPrice?.value, price < 0 else { return nil }
                return Breach(.line("BT-146", index), "ligne \(index + 1) : prix net \(line.netPrice!.text) négatif")
            }
        },
        EN16931Rule("BR-28", ["BT-148"], "le prix brut d'un article n'est pas négatif (BT-148)") { context in
            context.lines.enumerated().compactMap { index, line in
                guard let price = line.grossPrice?.value, price < 0 else { return nil }
                return Breach(.line("BT-148", index), "ligne \(index + 1) : prix brut \(line.grossPrice!.text) négatif")
            }
        },
        EN16931Rule("BR-29", ["BT-73", "BT-74"], "la fin de la période de facturation n'est pas avant son début (BG-14)") { context in
            guard let period = context.invoice.invoicingPeriod, !period.start.isEmpty, !period.end.isEmpty, period.end < period.start else { return [] }
            return [Breach(.init("BT-74"), "période de facturation du \(period.start) au \(period.end) : la fin précède le début")]
        },
        EN16931Rule("BR-30", ["BT-134", "BT-135"], "la fin de la période d'une ligne n'est pas avant son début (BG-26)") { context in
            context.lines.enumerated().compactMap { index, line in
                guard let period = line.period, !period.start.isEmpty, !period.end.isEmpty, period.end < period.start else { return nil }
                return Breach(.line("BT-135", index), "ligne \(index + 1) : période du \(period.start) au \(period.end), la fin précède le début")
            }
        },
        each("BR-31", "BT-92", "chaque remise au niveau du document a un montant (BT-92)", { $0.allowances }, { $0.amount != nil }) { "remise \($0) sans montant (BT-92)" },
        each("BR-32", "BT-95", "chaque remise au niveau du document a un code de catégorie de TVA (BT-95)", { $0.allowances }, { !RuleContext.blank($0.vatCategory) }) {
            "remise \($0) sans catégorie de TVA (BT-95)"
        },
        each("BR-33", "BT-97", "chaque remise au niveau du document a un motif ou un code de motif (BT-97, BT-98)", { $0.allowances }, hasReason) {
            "remise \($0) sans motif (BT-97) ni code de motif (BT-98)"
        },
        each("BR-36", "BT-99", "chaque frais au niveau du document a un montant (BT-99)", { $0.charges }, { $0.amount != nil }) { "frais \($0) sans montant (BT-99)" },
        each("BR-37", "BT-102", "chaque frais au niveau du document a un code de catégorie de TVA (BT-102)", { $0.charges }, { !RuleContext.blank($0.vatCategory) }) {
            "frais \($0) sans catégorie de TVA (BT-102)"
        },
        each("BR-38", "BT-104", "chaque frais au niveau du document a un motif ou un code de motif (BT-104, BT-105)", { $0.charges }, hasReason) {
            "frais \($0) sans motif (BT-104) ni code de motif (BT-105)"
        },
        eachLineGroup("BR-41", "BT-136", "chaque remise de ligne a un montant (BT-136)", charges: false, { $0.amount != nil }, "montant (BT-136) absent"),
        eachLineGroup("BR-42", "BT-139", "chaque remise de ligne a un motif ou un code de motif (BT-139, BT-140)", charges: false, hasReason, "motif (BT-139) et code (BT-140) absents"),
        eachLineGroup("BR-43", "BT-141", "chaque frais de ligne a un montant (BT-141)", charges: true, { $0.amount != nil }, "montant (BT-141) absent"),
        eachLineGroup("BR-44", "BT-144", "chaque frais de ligne a un motif ou un code de motif (BT-144, BT-145)", charges: true, hasReason, "motif (BT-144) et code (BT-145) absents"),
        each("BR-45", "BT-116", "chaque ventilation de TVA a une base d'imposition (BT-116)", { $0.vatBreakdown }, { $0.taxableAmount != nil }) {
            "ventilation de TVA \($0) sans base d'imposition (BT-116)"
        },
        each("BR-46", "BT-117", "chaque ventilation de TVA a un montant de TVA (BT-117)", { $0.vatBreakdown }, { $0.taxAmount != nil }) {
            "ventilation de TVA \($0) sans montant de TVA (BT-117)"
        },
        each("BR-47", "BT-118", "chaque ventilation de TVA a un code de catégorie (BT-118)", { $0.vatBreakdown }, { !RuleContext.blank($0.category) }) {
            "ventilation de TVA \($0) sans code de catégorie (BT-118)"
        },
        each("BR-48", "BT-119", "chaque ventilation de TVA a un taux, sauf hors champ (O) (BT-119)", { $0.vatBreakdown }, { $0.rate != nil || $0.category == "O" }) {
            "ventilation de TVA \($0) sans taux (BT-119)"
        },
        EN16931Rule("BR-49", ["BT-81"], "des instructions de paiement ont un code de moyen de paiement (BT-81)") { context in
            guard let payment = context.invoice.payment, RuleContext.blank(payment.meansCode) else { return [] }
            return [Breach(.init("BT-81"), "instructions de paiement (BG-16) sans code de moyen de paiement (BT-81)")]
        },
        EN16931Rule("BR-50", ["BT-84"], "chaque virement (BG-17) a l'identifiant du compte (BT-84)") { context in
            (context.invoice.payment?.transfers ?? []).enumerated().compactMap { index, transfer in
                RuleContext.blank(transfer.account) ? Breach(.init("BT-84"), "virement \(index + 1) sans identifiant de compte (BT-84)") : nil
            }
        },
        EN16931Rule("BR-51", ["BT-87"], "une carte de paiement n'est identifiée que par ses 4 à 6 derniers chiffres (BT-87)") { context in
            guard let number = context.invoice.payment?.cardNumber, !number.isEmpty else { return [] }
            let digits = number.filter(\.isNumber)
            return digits.count > 6 ? [Breach(.init("BT-87"), "numéro de carte de \(digits.count) chiffres : 4 à 6 derniers chiffres au plus")] : []
        },
        each("BR-52", "BT-122", "chaque document justificatif a une référence (BT-122)", { $0.documents }, { !RuleContext.blank($0.reference) }) {
            "document justificatif \($0) sans référence (BT-122)"
        },
        EN16931Rule("BR-53", ["BT-6", "BT-111"], "une devise de comptabilisation de la TVA (BT-6) s'accompagne du total de TVA dans cette devise (BT-111)") { context in
            let invoice = context.invoice
            guard !RuleContext.blank(invoice.vatAccountingCurrency), context.totals.vatTotalInAccountingCurrency == nil else { return [] }
            // The same currency twice: the one total is in both (as the schematron reads it).
            if invoice.vatAccountingCurrency == invoice.currency, context.totals.vatTotal != nil { return [] }
            return [Breach(.init("BT-111"), "devise de comptabilisation \(context.invoice.vatAccountingCurrency) (BT-6) sans total de TVA dans cette devise (BT-111)")]
        },
        EN16931Rule("BR-54", ["BT-160", "BT-161"], "chaque attribut d'article a un nom et une valeur (BT-160, BT-161)") { context in
            var breaches: [Breach] = []
            for (index, line) in context.lines.enumerated() {
                for attribute in line.attributes where RuleContext.blank(attribute.name) || RuleContext.blank(attribute.value) {
                    breaches.append(Breach(.line("BT-160", index), "ligne \(index + 1) : attribut d'article sans nom ou sans valeur"))
                }
            }
            return breaches
        },
        each("BR-55", "BT-25", "chaque référence à une facture antérieure a son numéro (BT-25)", { $0.precedingInvoices }, { !RuleContext.blank($0.number) }) {
            "référence à une facture antérieure \($0) sans numéro (BT-25)"
        },
        EN16931Rule("BR-56", ["BT-63"], "un représentant fiscal a un identifiant TVA (BT-63)") { context in
            guard let representative = context.invoice.taxRepresentative, RuleContext.blank(representative.vatIdentifier) else { return [] }
            return [Breach(.init("BT-63"), "représentant fiscal (BG-11) sans identifiant TVA (BT-63)")]
        },
        EN16931Rule("BR-57", ["BT-80"], "une adresse de livraison a un code de pays (BT-80)") { context in
            guard let address = context.invoice.delivery?.address, RuleContext.blank(address.country) else { return [] }
            return [Breach(.init("BT-80"), "adresse de livraison (BG-15) sans code de pays (BT-80)")]
        },
        EN16931Rule("BR-61", ["BT-81", "BT-84"], "un paiement par virement (codes 30, 58) indique le compte à créditer (BT-84)") { context in
            guard let payment = context.invoice.payment, payment.isCreditTransfer, !payment.transfers.contains(where: { !RuleContext.blank($0.account) }) else { return [] }
            return [Breach(.init("BT-84"), "moyen de paiement \(payment.meansCode) (virement) sans compte à créditer (BT-84)")]
        },
        EN16931Rule("BR-62", ["BT-34"], "l'adresse électronique du vendeur a son schéma (BT-34-1)") { context in
            guard let address = context.invoice.seller.electronicAddress, RuleContext.blank(address.scheme) else { return [] }
            return [Breach(.init("BT-34"), "adresse électronique du vendeur \(address.value) sans schéma (BT-34-1)")]
        },
        EN16931Rule("BR-63", ["BT-49"], "l'adresse électronique de l'acheteur a son schéma (BT-49-1)") { context in
            guard let address = context.invoice.buyer.electronicAddress, RuleContext.blank(address.scheme) else { return [] }
            return [Breach(.init("BT-49"), "adresse électronique de l'acheteur \(address.value) sans schéma (BT-49-1)")]
        },
        EN16931Rule("BR-64", ["BT-157"], "l'identifiant standard d'un article a son schéma (BT-157-1)") { context in
            context.lines.enumerated().compactMap { index, line in
                guard let standard = line.standardItemId, RuleContext.blank(standard.scheme) else { return nil }
                return Breach(.line("BT-157", index), "ligne \(index + 1) : identifiant standard \(standard.value) sans schéma (BT-157-1)")
            }
        },
        EN16931Rule("BR-65", ["BT-158"], "la classification d'un article a son identifiant de liste (BT-158-1)") { context in
            var breaches: [Breach] = []
            for (index, line) in context.lines.enumerated() {
                for classification in line.classifications where RuleContext.blank(classification.listID) {
                    breaches.append(Breach(.line("BT-158", index), "ligne \(index + 1) : classification \(classification.code) sans identifiant de liste (BT-158-1)"))
                }
            }
            return breaches
        },
    ]
}
