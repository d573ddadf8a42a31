/// What an invoice says besides its lines and amounts: who sends it to whom,
/// under which number and date, and its codes. Values of closed lists are
/// typed; free values are checked, all at once, by `InvoiceChecks`.
public struct InvoiceHeader: Sendable, Equatable {
    public static let numberMaximum = 35
    public static let commentLimit = TextLimit(field: "comment", maximum: 200)
    public static let referenceLimit = TextLimit(field: "reference", maximum: 50)
    public static let exemptionReasonLimit = TextLimit(field: "exemption_reason", maximum: 255)
    public static let bankAccountLimit = TextLimit(field: "bank_account", maximum: 34)

    /// A control character or a Unicode line separator in free text: it
    /// could pass for a new line of the certified text to a lax reader.
    public static func controlViolation(_ text: String, field: String) -> DomainError.Violation? {
        let bad = text.unicodeScalars.contains { scalar in
            (scalar.value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
        }
        return bad ? .init(.invalidArgument, "\(field) : caractère de contrôle ou saut de ligne refusé", field: field) : nil
    }

    public var number: String
    public var date: CalendarDate
    /// ISO 4217, EUR by default.
    public var currency: String
    public var type: InvoiceType
    public var vatRegime: VATRegime
    public var paymentMode: PaymentMode
    public var frame: BillingFrame
    public var supplier: StructureIdentifier
    /// The supplier's own service (a public supplier's `FACTURES_PUBLIQUES`).
    public var supplierService: String
    /// IBAN or other reference of the account to pay.
    public var supplierBankAccount: String
    public var recipient: StructureIdentifier
    public var recipientService: String
    /// Numéro d'engagement juridique (bon de commande).
    public var engagement: String
    /// Numéro de marché.
    public var contract: String
    /// For a credit note: the invoice it corrects.
    public var originalInvoice: String
    /// Mandatory with `EXONERATION` and with 0 % lines.
    public var exemptionReason: String
    public var comment: String

    public init(
        number: String, date: CalendarDate, currency: String = "EUR", type: InvoiceType = .facture, vatRegime: VATRegime = .surDebit,
        paymentMode: PaymentMode = .virement, frame: BillingFrame = .supplierInvoice, supplier: StructureIdentifier,
        supplierService: String = "", supplierBankAccount: String = "", recipient: StructureIdentifier, recipientService: String = "",
        engagement: String = "", contract: String = "", originalInvoice: String = "", exemptionReason: String = "", comment: String = ""
    ) {
        self.number = number
        self.date = date
        self.currency = currency
        self.type = type
        self.vatRegime = vatRegime
        self.paymentMode = paymentMode
        self.frame = frame
        self.supplier = supplier
        self.supplierService = supplierService
        self.supplierBankAccount = supplierBankAccount
        self.recipient = recipient
        self.recipientService = recipientService
        self.engagement = engagement
        self.contract = contract
        self.originalInvoice = originalInvoice
        self.exemptionReason = exemptionReason
        self.comment = comment
    }
}
