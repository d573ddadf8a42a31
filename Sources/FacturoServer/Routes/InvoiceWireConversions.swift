import FacturoDomain
import FacturoStore
import FacturoWire
import Foundation

extension Facturo_V1_InvoiceHeaderFields {
    /// The typed header of the wire, every field still text.
    var fields: InvoiceHeaderFields {
        var fields = InvoiceHeaderFields()
        if hasNumber { fields.number = number }
        if hasDate { fields.date = date }
        if hasCurrency { fields.currency = currency }
        if hasType { fields.type = type }
        if hasVatType { fields.vatType = vatType }
        if hasPaymentMode { fields.paymentMode = paymentMode }
        if hasFrame { fields.frame = frame }
        if hasSupplierService { fields.supplierService = supplierService }
        if hasBankAccount { fields.bankAccount = bankAccount }
        if hasRecipient { fields.recipient = recipient }
        if hasRecipientService { fields.recipientService = recipientService }
        if hasEngagement { fields.engagement = engagement }
        if hasContract { fields.contract = contract }
        if hasOriginalInvoice { fields.originalInvoice = originalInvoice }
        if hasExemptionReason { fields.exemptionReason = exemptionReason }
        if hasComment { fields.comment = comment }
        if hasGlobalDiscount { fields.globalDiscount = globalDiscount }
        if hasDiscountReason { fields.discountReason = discountReason }
        return fields
    }
}

extension Facturo_V1_InvoiceLineFields {
    func line(number: Int) throws(DomainError) -> InvoiceLine {
        try InvoiceLine(
            reference: reference, designation: designation, quantity: quantity, unit: unit, unitPrice: unitPrice, discount: discount,
            vatRate: vatRate, field: "lines[\(number)]"
        )
    }

    init(_ line: InvoiceLine) {
        self.init()
        reference = line.reference
        designation = line.designation
        quantity = ExactDecimal.text(line.quantity, .quantity)
        unit = line.unit
        unitPrice = ExactDecimal.text(line.unitPrice, .unitPrice)
        discount = ExactDecimal.text(line.discount, .amount)
        vatRate = line.vatRate.description
    }
}

enum InvoiceWire {
    static func amount(_ value: Decimal) -> String { ExactDecimal.text(value, .amount) }

    static func lines(_ lines: [InvoiceLine]) -> [Facturo_V1_InvoiceLineInfo] {
        lines.enumerated().map { index, line in
            .with {
                $0.number = UInt32(index + 1)
                $0.fields = .init(line)
                $0.net = amount(line.net)
            }
        }
    }

    static func vat(_ rows: [VATBreakdownRow]) -> [Facturo_V1_VatRow] {
        rows.map { row in
            .with {
                $0.rate = row.rate.description
                $0.base = amount(row.base)
                $0.amount = amount(row.amount)
            }
        }
    }

    static func totals(_ totals: InvoiceTotals) -> Facturo_V1_InvoiceTotalsInfo {
        .with {
            $0.totalHt = amount(totals.totalHT)
            $0.totalVat = amount(totals.totalVAT)
            $0.totalTtc = amount(totals.totalTTC)
            $0.globalDiscount = amount(totals.globalDiscount)
            $0.amountDue = amount(totals.amountDue)
        }
    }

    static func attachments(_ attachments: [StoredAttachment]) -> [Facturo_V1_InvoiceAttachmentInfo] {
        attachments.map { attachment in
            .with {
                $0.name = attachment.name
                $0.main = attachment.isMain
                $0.size = UInt64(attachment.file.size)
                $0.digest = attachment.file.digest
            }
        }
    }

    static func header(_ header: InvoiceHeader, discountReason: String) -> Facturo_V1_InvoiceHeaderInfo {
        .with {
            $0.number = header.number
            $0.date = header.date.iso
            $0.currency = header.currency
            $0.type = header.type.rawValue
            $0.vatType = header.vatRegime.rawValue
            $0.paymentMode = header.paymentMode.rawValue
            $0.frame = header.frame.rawValue
            $0.supplier = header.supplier.description
            $0.supplierService = header.supplierService
            $0.bankAccount = header.supplierBankAccount
            $0.recipient = header.recipient.description
            $0.recipientService = header.recipientService
            $0.engagement = header.engagement
            $0.contract = header.contract
            $0.originalInvoice = header.originalInvoice
            $0.exemptionReason = header.exemptionReason
            $0.comment = header.comment
            $0.discountReason = discountReason
        }
    }

    /// A draft's header as typed: given fields as they are, others empty.
    static func header(_ fields: InvoiceHeaderFields, supplier: StructureIdentifier) -> Facturo_V1_InvoiceHeaderInfo {
        .with {
            $0.number = fields.number ?? ""
            $0.date = fields.date ?? ""
            $0.currency = fields.currency ?? ""
            $0.type = fields.type ?? ""
            $0.vatType = fields.vatType ?? ""
            $0.paymentMode = fields.paymentMode ?? ""
            $0.frame = fields.frame ?? ""
            $0.supplier = supplier.description
            $0.supplierService = fields.supplierService ?? ""
            $0.bankAccount = fields.bankAccount ?? ""
            $0.recipient = fields.recipient ?? ""
            $0.recipientService = fields.recipientService ?? ""
            $0.engagement = fields.engagement ?? ""
            $0.contract = fields.contract ?? ""
            $0.originalInvoice = fields.originalInvoice ?? ""
            $0.exemptionReason = fields.exemptionReason ?? ""
            $0.comment = fields.comment ?? ""
            $0.discountReason = fields.discountReason ?? ""
        }
    }

    static func invoice(_ invoice: StoredInvoice, names: [StructureIdentifier: Structure]) -> Facturo_V1_InvoiceInfo {
        let document = invoice.document
        return .with {
            $0.id = invoice.id
            $0.channel = document.channel.rawValue
            $0.header = header(document.header, discountReason: document.totals.discountReason)
            $0.lines = lines(document.lines)
            $0.vat = vat(document.vatBreakdown)
            $0.totals = totals(document.totals)
            $0.attachments = attachments(invoice.attachments)
            $0.status = invoice.status.rawValue
            $0.statuses = invoice.statuses.map { change in
                .with {
                    $0.status = change.status.rawValue
                    $0.at = change.at
                    $0.by = change.by
                    $0.comment = change.comment
                }
            }
            $0.statusAt = invoice.statusAt
            $0.dpNumber = invoice.dpNumber
            $0.rejectionAcknowledged = invoice.rejectionAcknowledged
            $0.certificate = invoice.certificate
            $0.depositedAt = invoice.depositedAt
            $0.supplierName = names[document.header.supplier]?.name ?? ""
            $0.recipientName = names[document.header.recipient]?.name ?? ""
        }
    }

    static func summary(_ summary: FacturoStore.InvoiceSummary) -> Facturo_V1_InvoiceSummary {
        .with {
            $0.id = summary.id
            $0.number = summary.number
            $0.supplier = summary.supplier.description
            $0.recipient = summary.recipient.description
            $0.recipientService = summary.recipientService
            $0.status = summary.status.rawValue
            $0.date = summary.date.iso
            $0.depositedAt = summary.depositedAt
            $0.totalHt = amount(summary.totalHT)
            $0.totalTtc = amount(summary.totalTTC)
            $0.amountDue = amount(summary.amountDue)
            $0.statusAt = summary.statusAt
            $0.engagement = summary.engagement
        }
    }

    static func engagement(_ engagement: Engagement) -> Facturo_V1_EngagementInfo {
        .with {
            $0.recipient = engagement.recipient.description
            $0.number = engagement.number
            $0.supplier = engagement.supplier.description
            $0.amount = amount(engagement.amount)
            $0.validFrom = engagement.validFrom?.iso ?? ""
            $0.validUntil = engagement.validUntil?.iso ?? ""
        }
    }
}

extension Facturo_V1_EngagementInfo {
    func engagement() throws(DomainError) -> Engagement {
        try Engagement(
            recipient: StructureIdentifier(parsing: recipient), number: number, supplier: StructureIdentifier(parsing: supplier),
            amount: ExactDecimal.parse(amount, scale: .amount, field: "amount"),
            validFrom: validFrom.isEmpty ? nil : CalendarDate(validFrom), validUntil: validUntil.isEmpty ? nil : CalendarDate(validUntil)
        )
    }
}
