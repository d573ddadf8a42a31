import FacturoDomain
import Foundation

/// An invoice as EN 16931 describes it (its business groups BG-* and terms
/// BT-*), whichever syntax carried it: UBL 2.1 and CII D16B read into this
/// and are written from it, and the rules are checked on it. Text stays as
/// the file wrote it (trimmed), numbers keep their written form
/// (`XMLDecimal`), dates are ISO `YYYY-MM-DD` where the file's could be
/// read as one, else the file's text (reported by the rules).
///
/// It holds more than `InvoiceDocument` (names, addresses, allowances,
/// VAT categories): `DomainMapping` says what reaches the exchange's own
/// invoice, and the deposited file is kept whole beside it.
public struct StructuredInvoice: Sendable, Equatable {
    /// BT-24 (CustomizationID / GuidelineSpecifiedDocumentContextParameter).
    public var specification = ""
    /// BT-23.
    public var businessProcess = ""
    /// BT-1.
    public var number = ""
    /// BT-2.
    public var issueDate = ""
    /// BT-3 (380 invoice, 381 credit note, 384 corrective, 389 self-billed...).
    public var typeCode = ""
    /// BT-5.
    public var currency = ""
    /// BT-6.
    public var vatAccountingCurrency = ""
    /// BT-7.
    public var taxPointDate = ""
    /// BT-8.
    public var vatPointDateCode = ""
    /// BT-9.
    public var dueDate = ""
    /// BT-10: the recipient's service code on this exchange.
    public var buyerReference = ""
    /// BT-11.
    public var projectReference = ""
    /// BT-12.
    public var contractReference = ""
    /// BT-13: the engagement (bon de commande) on this exchange.
    public var orderReference = ""
    /// BT-14.
    public var salesOrderReference = ""
    /// BT-15.
    public var receivingAdviceReference = ""
    /// BT-16.
    public var despatchAdviceReference = ""
    /// BT-17.
    public var tenderReference = ""
    /// BT-18 with its scheme (BT-18-1).
    public var invoicedObject: Identifier?
    /// BT-19.
    public var buyerAccountingReference = ""
    /// BT-20.
    public var paymentTerms = ""
    /// BG-1.
    public var notes: [Note] = []
    /// BG-3.
    public var precedingInvoices: [PrecedingInvoice] = []
    /// BG-4.
    public var seller = Party()
    /// BG-7.
    public var buyer = Party()
    /// BG-10.
    public var payee: Payee?
    /// BG-11.
    public var taxRepresentative: TaxRepresentative?
    /// BG-13.
    public var delivery: Delivery?
    /// BG-14.
    public var invoicingPeriod: Period?
    /// BG-16.
    public var payment: PaymentInstructions?
    /// BG-20.
    public var allowances: [AllowanceCharge] = []
    /// BG-21.
    public var charges: [AllowanceCharge] = []
    /// BG-22.
    public var totals = DocumentTotals()
    /// BG-23.
    public var vatBreakdown: [VATBreakdown] = []
    /// BG-24.
    public var documents: [SupportingDocument] = []
    /// BG-25.
    public var lines: [Line] = []

    public init() {}

    /// Credit notes (UBL writes them as `CreditNote`): 81, 83, 381, 396, 532.
    public static let creditNoteTypeCodes: Set<String> = ["81", "83", "381", "396", "532"]
    public var isCreditNote: Bool { Self.creditNoteTypeCodes.contains(typeCode) }

    /// An identifier with its scheme (ISO 6523 ICD such as `0009` for a
    /// SIRET, `0002` for a SIREN, or an EAS code for electronic addresses).
    public struct Identifier: Sendable, Equatable {
        public var value: String
        public var scheme: String
        public init(_ value: String, scheme: String = "") {
            self.value = value
            self.scheme = scheme
        }
    }

    /// BG-1: BT-21 subject code, BT-22 text.
    public struct Note: Sendable, Equatable {
        public var subjectCode: String
        public var text: String
        public init(subjectCode: String = "", text: String) {
            self.subjectCode = subjectCode
            self.text = text
        }
    }

    /// BG-3: BT-25, BT-26.
    public struct PrecedingInvoice: Sendable, Equatable {
        public var number: String
        public var issueDate: String
        public init(number: String, issueDate: String = "") {
            self.number = number
            self.issueDate = issueDate
        }
    }

    /// BG-14 and BG-26: start and end dates.
    public struct Period: Sendable, Equatable {
        public var start: String
        public var end: String
        public init(start: String = "", end: String = "") {
            self.start = start
            self.end = end
        }
    }

    /// BG-22.
    public struct DocumentTotals: Sendable, Equatable {
        /// BT-106.
        public var lineTotal: XMLDecimal?
        /// BT-107.
        public var allowanceTotal: XMLDecimal?
        /// BT-108.
        public var chargeTotal: XMLDecimal?
        /// BT-109.
        public var taxExclusive: XMLDecimal?
        /// BT-110 (in BT-5).
        public var vatTotal: XMLDecimal?
        /// BT-111 (in BT-6).
        public var vatTotalInAccountingCurrency: XMLDecimal?
        /// BT-112.
        public var taxInclusive: XMLDecimal?
        /// BT-113.
        public var prepaid: XMLDecimal?
        /// BT-114.
        public var rounding: XMLDecimal?
        /// BT-115.
        public var payable: XMLDecimal?
        public init() {}
    }

    /// BG-23.
    public struct VATBreakdown: Sendable, Equatable {
        /// BT-116.
        public var taxableAmount: XMLDecimal?
        /// BT-117.
        public var taxAmount: XMLDecimal?
        /// BT-118.
        public var category: String
        /// BT-119.
        public var rate: XMLDecimal?
        /// BT-120.
        public var exemptionReason: String
        /// BT-121.
        public var exemptionReasonCode: String
        public init(
            taxableAmount: XMLDecimal? = nil, taxAmount: XMLDecimal? = nil, category: String = "", rate: XMLDecimal? = nil,
            exemptionReason: String = "", exemptionReasonCode: String = ""
        ) {
            self.taxableAmount = taxableAmount
            self.taxAmount = taxAmount
            self.category = category
            self.rate = rate
            self.exemptionReason = exemptionReason
            self.exemptionReasonCode = exemptionReasonCode
        }
    }

    /// BG-20 / BG-21 (document level, with a VAT category) and BG-27 /
    /// BG-28 (line level, without).
    public struct AllowanceCharge: Sendable, Equatable {
        /// BT-92 / BT-99 / BT-136 / BT-141.
        public var amount: XMLDecimal?
        /// BT-93 / BT-100 / BT-137 / BT-142.
        public var baseAmount: XMLDecimal?
        /// BT-94 / BT-101 / BT-138 / BT-143.
        public var percentage: XMLDecimal?
        /// BT-95 / BT-102 (document level only).
        public var vatCategory: String
        /// BT-96 / BT-103.
        public var vatRate: XMLDecimal?
        /// BT-97 / BT-104 / BT-139 / BT-144.
        public var reason: String
        /// BT-98 / BT-105 / BT-140 / BT-145.
        public var reasonCode: String
        public init(
            amount: XMLDecimal? = nil, baseAmount: XMLDecimal? = nil, percentage: XMLDecimal? = nil, vatCategory: String = "",
            vatRate: XMLDecimal? = nil, reason: String = "", reasonCode: String = ""
        ) {
            self.amount = amount
            self.baseAmount = baseAmount
            self.percentage = percentage
            self.vatCategory = vatCategory
            self.vatRate = vatRate
            self.reason = reason
            self.reasonCode = reasonCode
        }
    }

    /// BG-24: BT-122 reference, BT-123 description, BT-124 external
    /// location, BT-125 embedded file (with its MIME code and name).
    public struct SupportingDocument: Sendable, Equatable {
        public var reference: String
        public var description: String
        public var uri: String
        public var attachment: Data?
        public var mimeCode: String
        public var filename: String
        public init(reference: String, description: String = "", uri: String = "", attachment: Data? = nil, mimeCode: String = "", filename: String = "") {
            self.reference = reference
            self.description = description
            self.uri = uri
            self.attachment = attachment
            self.mimeCode = mimeCode
            self.filename = filename
        }
    }
}
