import FacturoDomain
import Foundation

/// What both syntaxes' readers share: the invoice being filled, the
/// optional groups filled in one call, and the embedded files decoded as
/// they stream within the file's budget. `UBLReadHandler` and
/// `CIIReadHandler` say which element is which.
class InvoiceReadHandler {
    var invoice = StructuredInvoice()
    private var attachmentBudget: Int
    private var base64: Base64Stream?
    /// Set when an embedded file's base64 ended badly; the reader throws it.
    private(set) var attachmentError: DomainError?

    init(limits: XMLLimits) {
        attachmentBudget = limits.maximumAttachmentBytes
    }

    /// An xs:boolean's true, written `true` or `1` (ChargeIndicator: a
    /// charge written `1` is not an allowance).
    static func isTrue(_ text: String) -> Bool { text == "true" || text == "1" }

    /// An embedded file begins: its characters are decoded as they come.
    func startAttachment() {
        base64 = Base64Stream(limit: attachmentBudget)
    }

    func stream(_ chunk: String) throws(DomainError) {
        try base64?.append(chunk)
    }

    /// The embedded file that just ended, decoded; nil (and the error kept) when its base64 is bad.
    func finishAttachment() -> Data? {
        defer { base64 = nil }
        guard var stream = base64 else { return nil }
        guard let data = try? stream.finish() else {
            attachmentError = Base64Stream.invalid
            return nil
        }
        attachmentBudget -= data.count
        return data
    }

    /// BT-110 or, in the VAT accounting currency (BT-6) when it differs or
    /// BT-110 is already read, BT-111.
    func vatTotal(_ value: XMLDecimal, currency: String) {
        if !invoice.vatAccountingCurrency.isEmpty, currency == invoice.vatAccountingCurrency, currency != invoice.currency || invoice.totals.vatTotal != nil {
            invoice.totals.vatTotalInAccountingCurrency = value
        } else {
            invoice.totals.vatTotal = value
        }
    }

    func payee(_ change: (inout StructuredInvoice.Payee) -> Void) { invoice.payee = with(invoice.payee ?? .init(), change) }

    func representative(_ change: (inout StructuredInvoice.TaxRepresentative) -> Void) {
        invoice.taxRepresentative = with(invoice.taxRepresentative ?? .init(), change)
    }

    func delivery(_ change: (inout StructuredInvoice.Delivery) -> Void) { invoice.delivery = with(invoice.delivery ?? .init(), change) }

    func payment(_ change: (inout StructuredInvoice.PaymentInstructions) -> Void) { invoice.payment = with(invoice.payment ?? .init(), change) }
}

/// `value` after `change`: fills optional groups in one expression.
func with<T>(_ value: T, _ change: (inout T) -> Void) -> T {
    var copy = value
    change(&copy)
    return copy
}
