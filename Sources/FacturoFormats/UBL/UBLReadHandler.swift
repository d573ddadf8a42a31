import FacturoDomain
import Foundation

/// Fills a `StructuredInvoice` from a UBL 2.1 `Invoice` or `CreditNote`,
/// element by element (the paths of `docs/formats.md`). A credit note's
/// `CreditNoteLine`, `CreditedQuantity` and `CreditNoteTypeCode` are read
/// as the invoice's line, quantity and type code.
final class UBLReadHandler: InvoiceReadHandler, XMLPathHandler {
    private let lineRoot: String
    private let quantityName: String

    // The group being read, appended when it ends.
    private var line = StructuredInvoice.Line()
    private var allowance = StructuredInvoice.AllowanceCharge()
    private var allowanceIsCharge = false
    private var subtotal = StructuredInvoice.VATBreakdown()
    private var document = DocumentReference()
    private var taxScheme = (companyID: "", scheme: "")
    private var attribute = StructuredInvoice.Attribute(name: "", value: "")
    private var preceding = StructuredInvoice.PrecedingInvoice(number: "")
    private var transfer = StructuredInvoice.CreditTransfer(account: "")

    private struct DocumentReference {
        var id = StructuredInvoice.Identifier("")
        var typeCode = ""
        var description = ""
        var uri = ""
        var attachment: Data?
        var mimeCode = ""
        var filename = ""
    }

    init(creditNote: Bool, limits: XMLLimits) {
        lineRoot = creditNote ? "cac:CreditNoteLine" : "cac:InvoiceLine"
        quantityName = creditNote ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity"
        super.init(limits: limits)
    }

    func start(_ path: String, attributes: [String: String]) {
        switch path {
        case lineRoot: line = .init()
        case "cac:AllowanceCharge", lineRoot + "/cac:AllowanceCharge": allowance = .init(); allowanceIsCharge = false
        case "cac:TaxTotal/cac:TaxSubtotal": subtotal = .init()
        case "cac:AdditionalDocumentReference", lineRoot + "/cac:DocumentReference": document = .init()
        case UBLNames.sellerParty + "cac:PartyTaxScheme", UBLNames.buyerParty + "cac:PartyTaxScheme": taxScheme = ("", "")
        case lineRoot + "/cac:Item/cac:AdditionalItemProperty": attribute = .init(name: "", value: "")
        case "cac:BillingReference": preceding = .init(number: "")
        case "cac:PaymentMeans/cac:PayeeFinancialAccount": transfer = .init(account: "")
        case "cac:PaymentMeans":
            if invoice.payment == nil { invoice.payment = .init() }
        default: break
        }
    }

    func streams(_ path: String, attributes: [String: String]) -> Bool {
        guard path == "cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject" else { return false }
        startAttachment()
        return true
    }

    func end(_ path: String, text: String, attributes: [String: String]) {
        if path.hasPrefix(lineRoot) {
            lineEnd(path.dropFirst(lineRoot.utf8.count), text: text, attributes: attributes)
        } else if path.hasPrefix(UBLNames.sellerParty) {
            let relative = path.dropFirst(UBLNames.sellerParty.utf8.count)
            // The creditor identifier (BT-90) travels as a seller identifier of scheme SEPA.
            if relative == "cac:PartyIdentification/cbc:ID", attributes["schemeID"] == "SEPA" {
                payment { $0.creditorIdentifier = text }
            } else {
                partyEnd(relative, text: text, attributes: attributes, into: &invoice.seller)
            }
        } else if path.hasPrefix(UBLNames.buyerParty) {
            partyEnd(path.dropFirst(UBLNames.buyerParty.utf8.count), text: text, attributes: attributes, into: &invoice.buyer)
        } else if path.hasPrefix("cac:AllowanceCharge") {
            if allowanceEnd(path.dropFirst("cac:AllowanceCharge".utf8.count), text: text, attributes: attributes) {
                if allowanceIsCharge { invoice.charges.append(allowance) } else { invoice.allowances.append(allowance) }
            }
        } else {
            headerEnd(path, text: text, attributes: attributes)
        }
    }

    private func headerEnd(_ path: String, text: String, attributes: [String: String]) {
        switch path {
        case "cbc:CustomizationID": invoice.specification = text
        case "cbc:ProfileID": invoice.businessProcess = text
        case "cbc:ID": invoice.number = text
        case "cbc:IssueDate": invoice.issueDate = text
        case "cbc:DueDate", "cac:PaymentMeans/cbc:PaymentDueDate": if invoice.dueDate.isEmpty { invoice.dueDate = text }
        case "cbc:InvoiceTypeCode", "cbc:CreditNoteTypeCode": invoice.typeCode = text
        case "cbc:Note": invoice.notes.append(UBLNote.read(text))
        case "cbc:TaxPointDate": invoice.taxPointDate = text
        case "cbc:DocumentCurrencyCode": invoice.currency = text
        case "cbc:TaxCurrencyCode": invoice.vatAccountingCurrency = text
        case "cbc:AccountingCost": invoice.buyerAccountingReference = text
        case "cbc:BuyerReference": invoice.buyerReference = text
        case "cac:InvoicePeriod/cbc:StartDate": invoice.invoicingPeriod = with(invoice.invoicingPeriod ?? .init()) { $0.start = text }
        case "cac:InvoicePeriod/cbc:EndDate": invoice.invoicingPeriod = with(invoice.invoicingPeriod ?? .init()) { $0.end = text }
        case "cac:InvoicePeriod/cbc:DescriptionCode": invoice.vatPointDateCode = text
        case "cac:OrderReference/cbc:ID": invoice.orderReference = text
        case "cac:OrderReference/cbc:SalesOrderID": invoice.salesOrderReference = text
        case "cac:OrderReference":
            // UBL's mandatory ID, written "NA" by `UBLWriter` for a sales order alone.
            if invoice.orderReference == "NA", !invoice.salesOrderReference.isEmpty { invoice.orderReference = "" }
        case "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID": preceding.number = text
        case "cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate": preceding.issueDate = text
        case "cac:BillingReference": if !preceding.number.isEmpty || !preceding.issueDate.isEmpty { invoice.precedingInvoices.append(preceding) }
        case "cac:DespatchDocumentReference/cbc:ID": invoice.despatchAdviceReference = text
        case "cac:ReceiptDocumentReference/cbc:ID": invoice.receivingAdviceReference = text
        case "cac:OriginatorDocumentReference/cbc:ID": invoice.tenderReference = text
        case "cac:ContractDocumentReference/cbc:ID": invoice.contractReference = text
        case "cac:ProjectReference/cbc:ID": invoice.projectReference = text
        case "cac:AdditionalDocumentReference/cbc:ID": document.id = .init(text, scheme: attributes["schemeID"] ?? "")
        case "cac:AdditionalDocumentReference/cbc:DocumentTypeCode": document.typeCode = text
        case "cac:AdditionalDocumentReference/cbc:DocumentDescription": document.description = text
        case "cac:AdditionalDocumentReference/cac:Attachment/cac:ExternalReference/cbc:URI": document.uri = text
        case "cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject":
            document.mimeCode = attributes["mimeCode"] ?? ""
            document.filename = attributes["filename"] ?? ""
            document.attachment = finishAttachment()
        case "cac:AdditionalDocumentReference": addDocument()
        case "cac:PayeeParty/cac:PartyIdentification/cbc:ID":
            let identifier = StructuredInvoice.Identifier(text, scheme: attributes["schemeID"] ?? "")
            if identifier.scheme == "SEPA" { payment { $0.creditorIdentifier = text } } else { payee { $0.identifier = identifier } }
        case "cac:PayeeParty/cac:PartyName/cbc:Name": payee { $0.name = text }
        case "cac:PayeeParty/cac:PartyLegalEntity/cbc:CompanyID": payee { $0.legalRegistration = .init(text, scheme: attributes["schemeID"] ?? "") }
        case "cac:TaxRepresentativeParty/cac:PartyName/cbc:Name": representative { $0.name = text }
        case "cac:TaxRepresentativeParty/cac:PartyTaxScheme/cbc:CompanyID": representative { $0.vatIdentifier = text }
        case "cac:Delivery/cbc:ActualDeliveryDate": delivery { $0.date = text }
        case "cac:Delivery/cac:DeliveryLocation/cbc:ID": delivery { $0.locationIdentifier = .init(text, scheme: attributes["schemeID"] ?? "") }
        case "cac:Delivery/cac:DeliveryParty/cac:PartyName/cbc:Name": delivery { $0.partyName = text }
        case "cac:PaymentMeans/cbc:PaymentMeansCode":
            payment { if $0.meansCode.isEmpty { $0.meansCode = text; $0.meansText = attributes["name"] ?? "" } }
        case "cac:PaymentMeans/cbc:PaymentID": payment { if $0.remittanceInformation.isEmpty { $0.remittanceInformation = text } }
        case "cac:PaymentMeans/cac:CardAccount/cbc:PrimaryAccountNumberID": payment { $0.cardNumber = text }
        case "cac:PaymentMeans/cac:CardAccount/cbc:HolderName": payment { $0.cardHolder = text }
        case "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID": transfer.account = text
        case "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:Name": transfer.accountName = text
        case "cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID": transfer.provider = text
        case "cac:PaymentMeans/cac:PayeeFinancialAccount":
            if !transfer.account.isEmpty || !transfer.accountName.isEmpty || !transfer.provider.isEmpty { payment { $0.transfers.append(transfer) } }
        case "cac:PaymentMeans/cac:PaymentMandate/cbc:ID": payment { $0.mandateReference = text }
        case "cac:PaymentMeans/cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID": payment { $0.debitedAccount = text }
        case "cac:PaymentTerms/cbc:Note": invoice.paymentTerms = invoice.paymentTerms.isEmpty ? text : invoice.paymentTerms + "\n" + text
        case "cac:TaxTotal/cbc:TaxAmount": vatTotal(XMLDecimal(text), currency: attributes["currencyID"] ?? "")
        case "cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount": subtotal.taxableAmount = XMLDecimal(text)
        case "cac:TaxTotal/cac:TaxSubtotal/cbc:TaxAmount": subtotal.taxAmount = XMLDecimal(text)
        case "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID": subtotal.category = text
        case "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent": subtotal.rate = XMLDecimal(text)
        case "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReasonCode": subtotal.exemptionReasonCode = text
        case "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason": subtotal.exemptionReason = text
        case "cac:TaxTotal/cac:TaxSubtotal": invoice.vatBreakdown.append(subtotal)
        case "cac:LegalMonetaryTotal/cbc:LineExtensionAmount": invoice.totals.lineTotal = XMLDecimal(text)
        case "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount": invoice.totals.taxExclusive = XMLDecimal(text)
        case "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount": invoice.totals.taxInclusive = XMLDecimal(text)
        case "cac:LegalMonetaryTotal/cbc:AllowanceTotalAmount": invoice.totals.allowanceTotal = XMLDecimal(text)
        case "cac:LegalMonetaryTotal/cbc:ChargeTotalAmount": invoice.totals.chargeTotal = XMLDecimal(text)
        case "cac:LegalMonetaryTotal/cbc:PrepaidAmount": invoice.totals.prepaid = XMLDecimal(text)
        case "cac:LegalMonetaryTotal/cbc:PayableRoundingAmount": invoice.totals.rounding = XMLDecimal(text)
        case "cac:LegalMonetaryTotal/cbc:PayableAmount": invoice.totals.payable = XMLDecimal(text)
        default:
            if path.hasPrefix("cac:TaxRepresentativeParty/cac:PostalAddress/") {
                representative { UBLAddress.read(path.dropFirst("cac:TaxRepresentativeParty/cac:PostalAddress/".utf8.count), text, into: &$0.address) }
            } else if path.hasPrefix("cac:Delivery/cac:DeliveryLocation/cac:Address/") {
                delivery { UBLAddress.read(path.dropFirst("cac:Delivery/cac:DeliveryLocation/cac:Address/".utf8.count), text, into: &$0.address) }
            }
        }
    }

    private func addDocument() {
        // A reference with nothing in it is no document (and would not be written back).
        guard !document.id.value.isEmpty || !document.description.isEmpty || !document.uri.isEmpty || document.attachment != nil else { return }
        switch document.typeCode {
        case "130": invoice.invoicedObject = document.id
        // UBL's credit note has no ProjectReference: BT-11 travels as code 50.
        case "50" where invoice.projectReference.isEmpty: invoice.projectReference = document.id.value
        default:
            invoice.documents.append(.init(
                reference: document.id.value, description: document.description, uri: document.uri, attachment: document.attachment,
                mimeCode: document.mimeCode, filename: document.filename
            ))
        }
    }

    private func partyEnd(_ relative: Substring, text: String, attributes: [String: String], into party: inout StructuredInvoice.Party) {
        switch relative {
        case "cbc:EndpointID": party.electronicAddress = .init(text, scheme: attributes["schemeID"] ?? "")
        case "cac:PartyIdentification/cbc:ID": party.identifiers.append(.init(text, scheme: attributes["schemeID"] ?? ""))
        case "cac:PartyName/cbc:Name": party.tradingName = text
        case "cac:PartyTaxScheme/cbc:CompanyID": taxScheme.companyID = text
        case "cac:PartyTaxScheme/cac:TaxScheme/cbc:ID": taxScheme.scheme = text
        case "cac:PartyTaxScheme":
            if taxScheme.scheme == "VAT" { party.vatIdentifier = taxScheme.companyID } else { party.taxRegistration = taxScheme.companyID }
        case "cac:PartyLegalEntity/cbc:RegistrationName": party.name = text
        case "cac:PartyLegalEntity/cbc:CompanyID": party.legalRegistration = .init(text, scheme: attributes["schemeID"] ?? "")
        case "cac:PartyLegalEntity/cbc:CompanyLegalForm": party.additionalLegalInformation = text
        case "cac:Contact/cbc:Name": party.contact = with(party.contact ?? .init()) { $0.name = text }
        case "cac:Contact/cbc:Telephone": party.contact = with(party.contact ?? .init()) { $0.telephone = text }
        case "cac:Contact/cbc:ElectronicMail": party.contact = with(party.contact ?? .init()) { $0.email = text }
        default:
            if relative.hasPrefix("cac:PostalAddress/") {
                UBLAddress.read(relative.dropFirst("cac:PostalAddress/".utf8.count), text, into: &party.address)
            }
        }
    }

    /// An allowance or charge's element (`relative` after its
    /// `cac:AllowanceCharge`); true when the group itself ended.
    private func allowanceEnd(_ relative: Substring, text: String, attributes: [String: String]) -> Bool {
        switch relative {
        case "": return true
        case "/cbc:ChargeIndicator": allowanceIsCharge = Self.isTrue(text)
        case "/cbc:AllowanceChargeReasonCode": allowance.reasonCode = text
        case "/cbc:AllowanceChargeReason": allowance.reason = text
        case "/cbc:MultiplierFactorNumeric": allowance.percentage = XMLDecimal(text)
        case "/cbc:Amount": allowance.amount = XMLDecimal(text)
        case "/cbc:BaseAmount": allowance.baseAmount = XMLDecimal(text)
        case "/cac:TaxCategory/cbc:ID": allowance.vatCategory = text
        case "/cac:TaxCategory/cbc:Percent": allowance.vatRate = XMLDecimal(text)
        default: break
        }
        return false
    }

    private func lineEnd(_ relative: Substring, text: String, attributes: [String: String]) {
        switch relative {
        case "": invoice.lines.append(line)
        case "/cbc:ID": line.id = text
        case "/cbc:Note": line.note = text
        case let element where element == "/" + quantityName:
            line.quantity = XMLDecimal(text)
            line.unitCode = attributes["unitCode"] ?? ""
        case "/cbc:LineExtensionAmount": line.netAmount = XMLDecimal(text)
        case "/cbc:AccountingCost": line.accountingReference = text
        case "/cac:InvoicePeriod/cbc:StartDate": line.period = with(line.period ?? .init()) { $0.start = text }
        case "/cac:InvoicePeriod/cbc:EndDate": line.period = with(line.period ?? .init()) { $0.end = text }
        case "/cac:OrderLineReference/cbc:LineID": line.orderLineReference = text
        case "/cac:DocumentReference/cbc:ID": document.id = .init(text, scheme: attributes["schemeID"] ?? "")
        case "/cac:DocumentReference": line.objectIdentifier = document.id
        case "/cac:Item/cbc:Description": line.itemDescription = text
        case "/cac:Item/cbc:Name": line.itemName = text
        case "/cac:Item/cac:BuyersItemIdentification/cbc:ID": line.buyerItemId = text
        case "/cac:Item/cac:SellersItemIdentification/cbc:ID": line.sellerItemId = text
        case "/cac:Item/cac:StandardItemIdentification/cbc:ID": line.standardItemId = .init(text, scheme: attributes["schemeID"] ?? "")
        case "/cac:Item/cac:OriginCountry/cbc:IdentificationCode": line.originCountry = text
        case "/cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode":
            line.classifications.append(.init(code: text, listID: attributes["listID"] ?? "", listVersion: attributes["listVersionID"] ?? ""))
        case "/cac:Item/cac:ClassifiedTaxCategory/cbc:ID": line.vatCategory = text
        case "/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent": line.vatRate = XMLDecimal(text)
        case "/cac:Item/cac:AdditionalItemProperty/cbc:Name": attribute.name = text
        case "/cac:Item/cac:AdditionalItemProperty/cbc:Value": attribute.value = text
        case "/cac:Item/cac:AdditionalItemProperty": if !attribute.name.isEmpty || !attribute.value.isEmpty { line.attributes.append(attribute) }
        case "/cac:Price/cbc:PriceAmount": line.netPrice = XMLDecimal(text)
        case "/cac:Price/cbc:BaseQuantity":
            line.baseQuantity = XMLDecimal(text)
            line.baseQuantityUnit = attributes["unitCode"] ?? ""
        case "/cac:Price/cac:AllowanceCharge/cbc:Amount": line.priceDiscount = XMLDecimal(text)
        case "/cac:Price/cac:AllowanceCharge/cbc:BaseAmount": line.grossPrice = XMLDecimal(text)
        default:
            if relative.hasPrefix("/cac:AllowanceCharge") {
                if allowanceEnd(relative.dropFirst("/cac:AllowanceCharge".utf8.count), text: text, attributes: attributes) {
                    if allowanceIsCharge { line.charges.append(allowance) } else { line.allowances.append(allowance) }
                }
            }
        }
    }
}

/// UBL's postal address (BG-5, BG-8, BG-12, BG-15), wherever it appears.
enum UBLAddress {
    static func read(_ relative: Substring, _ text: String, into address: inout StructuredInvoice.Address?) {
        var value = address ?? .init()
        switch relative {
        case "cbc:StreetName": value.line1 = text
        case "cbc:AdditionalStreetName": value.line2 = text
        case "cac:AddressLine/cbc:Line": value.line3 = text
        case "cbc:CityName": value.city = text
        case "cbc:PostalZone": value.postcode = text
        case "cbc:CountrySubentity": value.subdivision = text
        case "cac:Country/cbc:IdentificationCode": value.country = text
        default: return
        }
        address = value
    }
}

/// UBL carries a note's subject code (BT-21) inside its text, as
/// `#AAI#text` (the CEN syntax binding's convention).
enum UBLNote {
    static func read(_ text: String) -> StructuredInvoice.Note {
        let scalars = Array(text.unicodeScalars)
        if scalars.count >= 5, scalars[0] == "#", scalars[4] == "#", scalars[1...3].allSatisfy({ $0.properties.isUppercase }) {
            return .init(subjectCode: String(String.UnicodeScalarView(scalars[1...3])), text: String(String.UnicodeScalarView(scalars[5...])))
        }
        return .init(text: text)
    }

    static func write(_ note: StructuredInvoice.Note) -> String {
        note.subjectCode.isEmpty ? note.text : "#\(note.subjectCode)#\(note.text)"
    }
}
