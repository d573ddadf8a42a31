@testable import FacturoFormats

/// Valid invoices each rule test breaks one way: a French one (S at 20 and
/// 10 %, allowances and charges at both levels) and one per other VAT category.
enum RuleFixtures {
    typealias Invoice = StructuredInvoice

    static func d(_ text: String) -> XMLDecimal { XMLDecimal(text) }

    static func address(_ city: String, _ country: String = "FR") -> Invoice.Address {
        var address = Invoice.Address()
        address.line1 = "1 rue de la Paix"
        address.city = city
        address.postcode = "75001"
        address.country = country
        return address
    }

    /// HT 1 020.00 (lines 1 060.00 − allowance 60.00 + charge 20.00), VAT 194.00, TTC 1 214.00.
    static func french() -> Invoice {
        var invoice = Invoice()
        invoice.specification = "urn:cen.eu:en16931:2017"
        invoice.number = "F2026-001"
        invoice.issueDate = "2026-11-30"
        invoice.dueDate = "2026-12-30"
        invoice.typeCode = "380"
        invoice.currency = "EUR"
        invoice.buyerReference = "SERVICES_TECHNIQUES"
        invoice.orderReference = "EJ1400005262"
        invoice.invoicingPeriod = .init(start: "2026-11-01", end: "2026-11-30")
        invoice.seller.name = "CHAUSSURES ER"
        invoice.seller.identifiers = [.init("48302190100002", scheme: "0009")]
        invoice.seller.vatIdentifier = "FR12483021901"
        invoice.seller.address = address("Paris")
        invoice.seller.electronicAddress = .init("48302190100002", scheme: "0009")
        invoice.buyer.name = "COMMUNE DE BOUGIVAL"
        invoice.buyer.identifiers = [.init("21780092900010", scheme: "0009")]
        invoice.buyer.address = address("Bougival")
        var payment = Invoice.PaymentInstructions()
        payment.meansCode = "30"
        payment.transfers = [.init(account: "FR7630006000011234567890189", provider: "AGRIFRPP")]
        invoice.payment = payment
        invoice.allowances = [.init(amount: d("60.00"), vatCategory: "S", vatRate: d("20"), reason: "Remise fidélité")]
        invoice.charges = [.init(amount: d("20.00"), vatCategory: "S", vatRate: d("20"), reason: "Port", reasonCode: "FC")]
        var first = Invoice.Line()
        first.id = "1"
        first.quantity = d("10")
        first.unitCode = "C62"
        first.netAmount = d("960.00")
        first.netPrice = d("100.00")
        first.grossPrice = d("100.00")
        first.vatCategory = "S"
        first.vatRate = d("20")
        first.itemName = "Chaussures de sécurité"
        first.period = .init(start: "2026-11-01", end: "2026-11-15")
        first.allowances = [.init(amount: d("50.00"), reason: "Remise quantité")]
        first.charges = [.init(amount: d("10.00"), reasonCode: "ABL")]
        var second = Invoice.Line()
        second.id = "2"
        second.quantity = d("2")
        second.unitCode = "C62"
        second.netAmount = d("100.00")
        second.netPrice = d("50.00")
        second.vatCategory = "S"
        second.vatRate = d("10")
        second.itemName = "Lacets"
        invoice.lines = [first, second]
        invoice.vatBreakdown = [
            .init(taxableAmount: d("920.00"), taxAmount: d("184.00"), category: "S", rate: d("20")),
            .init(taxableAmount: d("100.00"), taxAmount: d("10.00"), category: "S", rate: d("10")),
        ]
        invoice.totals.lineTotal = d("1060.00")
        invoice.totals.allowanceTotal = d("60.00")
        invoice.totals.chargeTotal = d("20.00")
        invoice.totals.taxExclusive = d("1020.00")
        invoice.totals.vatTotal = d("194.00")
        invoice.totals.taxInclusive = d("1214.00")
        invoice.totals.payable = d("1214.00")
        return invoice
    }

    /// One line of 500.00 in `category` (no VAT), with what that category asks.
    static func category(_ category: String) -> Invoice {
        var invoice = french()
        invoice.allowances = []
        invoice.charges = []
        invoice.totals.allowanceTotal = nil
        invoice.totals.chargeTotal = nil
        var line = invoice.lines[1]
        line.netAmount = d("500.00")
        line.netPrice = d("250.00")
        line.vatCategory = category
        line.vatRate = category == "O" ? nil : d("0")
        invoice.lines = [line]
        let reason = ["S", "Z"].contains(category) ? "" : "Exonération, article 261 du CGI"
        invoice.vatBreakdown = [.init(taxableAmount: d("500.00"), taxAmount: d("0.00"), category: category, rate: category == "O" ? nil : d("0"), exemptionReason: reason)]
        invoice.totals.lineTotal = d("500.00")
        invoice.totals.taxExclusive = d("500.00")
        invoice.totals.vatTotal = d("0.00")
        invoice.totals.taxInclusive = d("500.00")
        invoice.totals.payable = d("500.00")
        if ["AE", "K"].contains(category) { invoice.buyer.vatIdentifier = "DE123456789" }
        if category == "K" {
            var delivery = Invoice.Delivery()
            delivery.date = "2026-11-20"
            delivery.address = address("Berlin", "DE")
            invoice.delivery = delivery
        }
        if category == "O" { invoice.seller.vatIdentifier = "" }
        return invoice
    }
}
