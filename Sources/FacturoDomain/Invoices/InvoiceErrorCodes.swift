/// The codes of the invoice checks (issue 11), one per rule so that a
/// supplier's system can act on each; the message names the field and,
/// where one applies, the EN 16931 rule.
extension DomainError.Code {
    // The invoice's own values.
    public static let invalidInvoiceNumber = DomainError.Code(rawValue: "INVALID_INVOICE_NUMBER")
    public static let invalidCurrency = DomainError.Code(rawValue: "INVALID_CURRENCY")
    public static let invalidInvoiceDate = DomainError.Code(rawValue: "INVALID_INVOICE_DATE")
    /// A VAT rate that is not one of France's (20, 10, 5.5, 2.1, 0).
    public static let invalidVATRate = DomainError.Code(rawValue: "INVALID_VAT_RATE")
    /// A billing frame of the A1…A25 list that this version does not handle.
    public static let unsupportedBillingFrame = DomainError.Code(rawValue: "UNSUPPORTED_BILLING_FRAME")
    /// A line without designation, unit or with a text too long.
    public static let invalidInvoiceLine = DomainError.Code(rawValue: "INVALID_INVOICE_LINE")

    // Arithmetic.
    public static let invalidTotals = DomainError.Code(rawValue: "INVALID_TOTALS")
    public static let invalidVATBreakdown = DomainError.Code(rawValue: "INVALID_VAT_BREAKDOWN")
    public static let missingExemptionReason = DomainError.Code(rawValue: "MISSING_EXEMPTION_REASON")
    public static let missingOriginalInvoice = DomainError.Code(rawValue: "MISSING_ORIGINAL_INVOICE")
    public static let invalidAmountDue = DomainError.Code(rawValue: "INVALID_AMOUNT_DUE")

    // Against what the exchange already holds.
    public static let duplicateInvoice = DomainError.Code(rawValue: "DUPLICATE_INVOICE")

    // Routing, from the directory as it is.
    public static let routingRecipientUnknown = DomainError.Code(rawValue: "ROUTING_RECIPIENT_UNKNOWN")
    public static let routingRecipientInactive = DomainError.Code(rawValue: "ROUTING_RECIPIENT_INACTIVE")
    public static let routingRecipientNotPublic = DomainError.Code(rawValue: "ROUTING_RECIPIENT_NOT_PUBLIC")
    public static let routingServiceRequired = DomainError.Code(rawValue: "ROUTING_SERVICE_REQUIRED")
    public static let routingServiceUnknown = DomainError.Code(rawValue: "ROUTING_SERVICE_UNKNOWN")
    public static let routingServiceInactive = DomainError.Code(rawValue: "ROUTING_SERVICE_INACTIVE")
    public static let routingEngagementRequired = DomainError.Code(rawValue: "ROUTING_ENGAGEMENT_REQUIRED")
    public static let routingFacturesPubliquesReserved = DomainError.Code(rawValue: "ROUTING_FACTURES_PUBLIQUES_RESERVED")
    public static let routingEngagementUnknown = DomainError.Code(rawValue: "ROUTING_ENGAGEMENT_UNKNOWN")
    public static let routingEngagementSupplier = DomainError.Code(rawValue: "ROUTING_ENGAGEMENT_SUPPLIER")

    // Channels and files.
    public static let billingMandateRequired = DomainError.Code(rawValue: "BILLING_MANDATE_REQUIRED")
    public static let invalidAttachmentName = DomainError.Code(rawValue: "INVALID_ATTACHMENT_NAME")
    public static let attachmentTooLarge = DomainError.Code(rawValue: "ATTACHMENT_TOO_LARGE")
    public static let attachmentsTooLarge = DomainError.Code(rawValue: "ATTACHMENTS_TOO_LARGE")
    /// A file of 0 bytes: no invoice, no supporting document.
    public static let emptyAttachment = DomainError.Code(rawValue: "EMPTY_ATTACHMENT")

    // Flows (zip of invoices with their factures.csv).
    /// The archive or its `factures.csv` cannot be read as a flow: the
    /// whole flow is rejected.
    public static let invalidFlow = DomainError.Code(rawValue: "INVALID_FLOW")
    /// More than 1 GiB, or more than 500 invoices.
    public static let flowTooLarge = DomainError.Code(rawValue: "FLOW_TOO_LARGE")
    /// A row names a file the archive does not hold.
    public static let flowFileMissing = DomainError.Code(rawValue: "FLOW_FILE_MISSING")

    /// A deposit certificate that does not verify (its invoice, path or
    /// signature changed): reported by offline checkers such as the console.
    public static let invalidDepositCertificate = DomainError.Code(rawValue: "INVALID_DEPOSIT_CERTIFICATE")

    /// The invoice codes, for `all`.
    static let invoices: [Self] = [
        .invalidInvoiceNumber, .invalidCurrency, .invalidInvoiceDate, .invalidVATRate, .unsupportedBillingFrame, .invalidInvoiceLine,
        .invalidTotals, .invalidVATBreakdown, .missingExemptionReason, .missingOriginalInvoice, .invalidAmountDue,
        .duplicateInvoice,
        .routingRecipientUnknown, .routingRecipientInactive, .routingRecipientNotPublic, .routingServiceRequired,
        .routingServiceUnknown, .routingServiceInactive, .routingEngagementRequired, .routingFacturesPubliquesReserved,
        .routingEngagementUnknown, .routingEngagementSupplier,
        .billingMandateRequired, .invalidAttachmentName, .attachmentTooLarge, .attachmentsTooLarge, .emptyAttachment, .invalidDepositCertificate,
        .invalidFlow, .flowTooLarge, .flowFileMissing,
    ]
}

/// Structured invoices (issue 13: UBL and CII).
extension DomainError.Code {
    /// Not well-formed XML, a DTD or entity declaration (refused: XXE), an
    /// encoding other than UTF-8, nesting deeper than the reader allows.
    /// The message names the line and column.
    public static let invalidXML = DomainError.Code(rawValue: "INVALID_XML")
    /// Well-formed XML that is neither a UBL 2.1 Invoice or CreditNote nor
    /// a CII D16B CrossIndustryInvoice.
    public static let unsupportedFormat = DomainError.Code(rawValue: "UNSUPPORTED_FORMAT")
    /// An EN 16931 (or French) rule other than the arithmetic ones, which
    /// keep INVALID_TOTALS and INVALID_VAT_BREAKDOWN.
    public static let en16931Rule = DomainError.Code(rawValue: "EN16931_RULE")

    static let formats: [Self] = [.invalidXML, .unsupportedFormat, .en16931Rule]
}
