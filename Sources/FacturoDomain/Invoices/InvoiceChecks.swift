import Foundation

/// Every rule an invoice's own content must follow before it is accepted,
/// whatever the channel: each failure is a violation with its code, the
/// field and (where one applies) the EN 16931 rule, all reported at once.
/// Routing (the directory) and duplicates (the store) are checked apart.
public enum InvoiceChecks {
    /// The violations of `invoice` deposited on `depositDate`; empty when it passes.
    public static func violations(of invoice: InvoiceDocument, depositDate: CalendarDate) -> [DomainError.Violation] {
        var found: [DomainError.Violation] = []
        header(invoice.header, depositDate: depositDate, into: &found)
        vat(invoice, into: &found)
        totals(invoice, into: &found)
        magnitude(invoice.totals, into: &found)
        return found
    }

    /// Amounts are written with at most 15 integer digits, on the wire as
    /// in the stores.
    public static let amountLimit = Decimal(sign: .plus, exponent: 15, significand: 1)

    static func magnitude(_ totals: InvoiceTotals, into found: inout [DomainError.Violation]) {
        let amounts = [("total_ht", totals.totalHT), ("total_vat", totals.totalVAT), ("total_ttc", totals.totalTTC), ("amount_due", totals.amountDue)]
        if let (field, _) = amounts.first(where: { $0.1.magnitude >= amountLimit }) {
            found.append(.init(.invalidTotals, "\(field) : montant hors limite (15 chiffres avant la virgule au plus)", field: field))
        }
    }

    /// The error for `violations`, the first one's code as its own; nil when none.
    public static func require(_ invoice: InvoiceDocument, depositDate: CalendarDate) throws(DomainError) {
        if let error = DomainError(violations: violations(of: invoice, depositDate: depositDate)) { throw error }
    }

    /// ISO 4217 codes, read once (Foundation builds the list anew per call).
    static let currencies = Set(Locale.commonISOCurrencyCodes)

    /// `[A-Za-z0-9+-_/]`, 1 to 35 characters: the reference's rule for numbers.
    public static func numberViolation(_ number: String, field: String = "number") -> DomainError.Violation? {
        let allowed = number.utf8.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || [UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "/")].contains(byte)
        }
        if number.isEmpty {
            return .init(.invalidInvoiceNumber, "\(field) : numéro de facture obligatoire", rule: "BR-02", field: field)
        }
        if number.utf8.count > InvoiceHeader.numberMaximum || !allowed {
            return .init(
                .invalidInvoiceNumber,
                "\(field) : \(number.quotedForMessage) n'est pas un numéro de facture (1 à \(InvoiceHeader.numberMaximum) caractères parmi lettres, chiffres, + - _ /)",
                rule: "BR-02", field: field
            )
        }
        return nil
    }

    /// A number the supplier already used (checked against the store).
    public static func duplicateViolation(_ header: InvoiceHeader) -> DomainError.Violation {
        .init(.duplicateInvoice, "number : le fournisseur \(header.supplier) a déjà une facture numéro \(header.number)", field: "number")
    }

    private static func header(_ header: InvoiceHeader, depositDate: CalendarDate, into found: inout [DomainError.Violation]) {
        if let violation = numberViolation(header.number) { found.append(violation) }
        if !currencies.contains(header.currency) {
            found.append(.init(.invalidCurrency, "currency : devise \(header.currency.quotedForMessage) inconnue (code ISO 4217, ex. EUR)", rule: "BR-05", field: "currency"))
        }
        if header.date > depositDate {
            found.append(.init(.invalidInvoiceDate, "date : la date de facture \(header.date) est postérieure à la date de dépôt \(depositDate)", field: "date"))
        }
        if !BillingFrame.inScope.contains(header.frame) {
            found.append(.init(
                .unsupportedBillingFrame,
                "frame : cadre de facturation \(header.frame) non pris en charge (A1, A2, A9, A12)", field: "frame"
            ))
        }
        if header.type == .avoir, header.originalInvoice.isEmpty {
            found.append(.init(.missingOriginalInvoice, "original_invoice : un avoir nomme la facture d'origine", rule: "BR-55", field: "original_invoice"))
        }
        if !header.originalInvoice.isEmpty, let violation = numberViolation(header.originalInvoice, field: "original_invoice") {
            found.append(violation)
        }
        for (code, field) in [(header.recipientService, "recipient_service"), (header.supplierService, "supplier_service")] where !code.isEmpty {
            do { try Service.validate(code: code) } catch {
                found.append(.init(error.code, "\(field) : \(error.message)", field: field))
            }
        }
        let texts: [(String, TextLimit)] = [
            (header.comment, InvoiceHeader.commentLimit),
            (header.engagement, TextLimit(field: "engagement", maximum: InvoiceHeader.referenceLimit.maximum)),
            (header.contract, TextLimit(field: "contract", maximum: InvoiceHeader.referenceLimit.maximum)),
            (header.exemptionReason, InvoiceHeader.exemptionReasonLimit),
            (header.supplierBankAccount, InvoiceHeader.bankAccountLimit),
        ]
        for (text, limit) in texts {
            do { try limit.check(text) } catch { found += error.violations }
            if let violation = InvoiceHeader.controlViolation(text, field: limit.field) { found.append(violation) }
        }
    }

    private static func vat(_ invoice: InvoiceDocument, into found: inout [DomainError.Violation]) {
        let header = invoice.header
        let exempt = header.vatRegime == .exoneration || invoice.lines.contains { $0.vatRate.isZero } || invoice.vatBreakdown.contains { $0.rate.isZero }
        if exempt, header.exemptionReason.trimmingSpaces().isEmpty {
            found.append(.init(
                .missingExemptionReason, "exemption_reason : motif d'exonération obligatoire (régime EXONERATION ou taux 0)",
                rule: "BR-E-10", field: "exemption_reason"
            ))
        }
        if header.vatRegime == .exoneration || header.vatRegime == .sansTVA, invoice.totals.totalVAT != 0 {
            found.append(.init(
                .invalidVATBreakdown, "total_vat : \(header.vatRegime.rawValue) sans TVA, mais \(text(invoice.totals.totalVAT)) indiqués",
                field: "total_vat"
            ))
        }
        guard !invoice.lines.isEmpty || !invoice.vatBreakdown.isEmpty else { return }
        if invoice.vatBreakdown.isEmpty {
            found.append(.init(.invalidVATBreakdown, "vat_breakdown : au moins une ligne de ventilation de TVA", rule: "BR-CO-18", field: "vat_breakdown"))
            return
        }
        var seen: Set<VATRate> = []
        for row in invoice.vatBreakdown {
            let field = "vat_breakdown[\(row.rate)]"
            if !seen.insert(row.rate).inserted {
                found.append(.init(.invalidVATBreakdown, "\(field) : taux \(row.rate) % ventilé deux fois", field: field))
            }
            let expected = row.rate.tax(on: row.base)
            if row.amount != expected {
                found.append(.init(
                    .invalidVATBreakdown,
                    "\(field) : la TVA à \(row.rate) % sur \(text(row.base)) vaut \(text(expected)) mais \(text(row.amount)) est indiqué",
                    rule: "BR-CO-17", field: field
                ))
            }
            if !invoice.lines.isEmpty {
                let base = invoice.lines.filter { $0.vatRate == row.rate }.reduce(Decimal(0)) { $0 + $1.net }
                if base != row.base {
                    found.append(.init(
                        .invalidVATBreakdown,
                        "\(field) : la somme des montants nets des lignes à \(row.rate) % vaut \(text(base)) mais la base indique \(text(row.base))",
                        rule: "BR-S-08", field: field
                    ))
                }
            }
        }
        for rate in Set(invoice.lines.map(\.vatRate)).subtracting(seen).sorted(by: >) {
            found.append(.init(.invalidVATBreakdown, "vat_breakdown : le taux \(rate) % des lignes n'est pas ventilé", rule: "BR-CO-18", field: "vat_breakdown"))
        }
        let sum = invoice.vatBreakdown.reduce(Decimal(0)) { $0 + $1.amount }
        if sum != invoice.totals.totalVAT {
            found.append(.init(
                .invalidVATBreakdown,
                "total_vat : la somme de la ventilation vaut \(text(sum)) mais le total TVA indique \(text(invoice.totals.totalVAT))",
                rule: "BR-CO-14", field: "total_vat"
            ))
        }
    }

    private static func totals(_ invoice: InvoiceDocument, into found: inout [DomainError.Violation]) {
        let totals = invoice.totals
        if [.saisie, .api].contains(invoice.channel), invoice.lines.isEmpty {
            found.append(.init(.invalidInvoiceLine, "lines : une facture saisie a au moins une ligne", rule: "BR-16", field: "lines"))
        }
        if !invoice.lines.isEmpty {
            let sum = invoice.lines.reduce(Decimal(0)) { $0 + $1.net }
            if sum != totals.lineTotal {
                found.append(.init(
                    .invalidTotals, "line_total : la somme des montants nets des lignes vaut \(text(sum)) mais \(text(totals.lineTotal)) est indiqué",
                    rule: "BR-CO-10", field: "line_total"
                ))
            }
        }
        if totals.totalHT != totals.lineTotal {
            found.append(.init(
                .invalidTotals, "total_ht : le total HT vaut \(text(totals.lineTotal)) (lignes, sans remise ni charge de document) mais \(text(totals.totalHT)) est indiqué",
                rule: "BR-CO-13", field: "total_ht"
            ))
        }
        let ttc = totals.totalHT + totals.totalVAT
        if totals.totalTTC != ttc {
            found.append(.init(
                .invalidTotals, "total_ttc : HT \(text(totals.totalHT)) + TVA \(text(totals.totalVAT)) vaut \(text(ttc)) mais \(text(totals.totalTTC)) est indiqué",
                rule: "BR-CO-15", field: "total_ttc"
            ))
        }
        if totals.globalDiscount < 0 || (totals.globalDiscount > 0 && totals.globalDiscount > totals.totalTTC) {
            found.append(.init(.invalidTotals, "global_discount : la remise globale est entre 0 et le total TTC (\(text(totals.totalTTC)))", field: "global_discount"))
        }
        if totals.globalDiscount != 0, totals.discountReason.trimmingSpaces().isEmpty {
            found.append(.init(.invalidTotals, "discount_reason : une remise globale a un motif", rule: "BR-32", field: "discount_reason"))
        }
        if invoice.header.frame == .alreadyPaid {
            if totals.amountDue != 0 {
                found.append(.init(
                    .invalidAmountDue, "amount_due : une facture déjà payée (A2) a un net à payer de 0.00, pas \(text(totals.amountDue))", field: "amount_due"
                ))
            }
        } else {
            let due = InvoiceArithmetic.expectedAmountDue(totalTTC: totals.totalTTC, globalDiscount: totals.globalDiscount, frame: invoice.header.frame)
            if totals.amountDue != due {
                found.append(.init(
                    .invalidTotals, "amount_due : le net à payer vaut \(text(due)) (TTC moins remise globale) mais \(text(totals.amountDue)) est indiqué",
                    rule: "BR-CO-16", field: "amount_due"
                ))
            }
        }
    }

    private static func text(_ value: Decimal) -> String { ExactDecimal.text(value, .amount) }
}
