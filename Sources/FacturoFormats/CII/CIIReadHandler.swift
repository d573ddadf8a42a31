import FacturoDomain
import Foundation

/// Fills a `StructuredInvoice` from a CII D16B `CrossIndustryInvoice`
/// (paths in `docs/formats.md`). Dates of format 102 become ISO dates.
final class CIIReadHandler: InvoiceReadHandler, XMLPathHandler {

    private var line = StructuredInvoice.Line()
    private var allowance = StructuredInvoice.AllowanceCharge()
    private var allowanceIsCharge = false
    private var tax = StructuredInvoice.VATBreakdown()
    private var note = StructuredInvoice.Note(text: "")
    private var lineNoteSeen = false
    private var document = (id: "", uri: "", typeCode: "", name: "", scheme: "", attachment: Data?.none, mimeCode: "", filename: "")
    private var attribute = StructuredInvoice.Attribute(name: "", value: "")
    private var preceding = StructuredInvoice.PrecedingInvoice(number: "")
    private var transfer = StructuredInvoice.CreditTransfer(account: "")


    private static let documentPath = CIINames.agreement + "ram:AdditionalReferencedDocument"
    private static let attachmentPath = documentPath + "/ram:AttachmentBinaryObject"
    private static let allowancePath = CIINames.settlement + "ram:SpecifiedTradeAllowanceCharge"
    private static let lineAllowance = "/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge"

    func start(_ path: String, attributes: [String: String]) {
        switch path {
        case CIINames.line: line = .init()
        case Self.allowancePath, CIINames.line + Self.lineAllowance: allowance = .init(); allowanceIsCharge = false
        case CIINames.settlement + "ram:ApplicableTradeTax": tax = .init()
        case "rsm:ExchangedDocument/ram:IncludedNote": note = .init(text: "")
        case Self.documentPath: document = ("", "", "", "", "", nil, "", "")
        case CIINames.line + "/ram:SpecifiedTradeProduct/ram:ApplicableProductCharacteristic": attribute = .init(name: "", value: "")
        case CIINames.settlement + "ram:InvoiceReferencedDocument": preceding = .init(number: "")
        case CIINames.settlement + "ram:SpecifiedTradeSettlementPaymentMeans":
            transfer = .init(account: "")
            if invoice.payment == nil { invoice.payment = .init() }
        default: break
        }
    }

    func streams(_ path: String, attributes: [String: String]) -> Bool {
        guard path == Self.attachmentPath else { return false }
        startAttachment()
        return true
    }

    func end(_ path: String, text: String, attributes: [String: String]) {
        if path.hasPrefix(CIINames.line) {
            lineEnd(path.dropFirst(CIINames.line.utf8.count), text: text, attributes: attributes)
        } else if path.hasPrefix(CIINames.seller) {
            CIIParty.read(path.dropFirst(CIINames.seller.utf8.count), text, attributes, into: &invoice.seller)
        } else if path.hasPrefix(CIINames.buyer) {
            CIIParty.read(path.dropFirst(CIINames.buyer.utf8.count), text, attributes, into: &invoice.buyer)
        } else if path.hasPrefix(Self.allowancePath) {
            if allowanceEnd(path.dropFirst(Self.allowancePath.utf8.count), text: text) {
                if allowanceIsCharge { invoice.charges.append(allowance) } else { invoice.allowances.append(allowance) }
            }
        } else if path.hasPrefix(CIINames.settlement) {
            settlementEnd(path.dropFirst(CIINames.settlement.utf8.count), text: text, attributes: attributes)
        } else if path.hasPrefix(CIINames.agreement) {
            agreementEnd(path.dropFirst(CIINames.agreement.utf8.count), text: text, attributes: attributes)
        } else if path.hasPrefix(CIINames.delivery) {
            deliveryEnd(path.dropFirst(CIINames.delivery.utf8.count), text: text, attributes: attributes)
        } else {
            switch path {
            case "rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID": invoice.businessProcess = text
            case "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID": invoice.specification = text
            case "rsm:ExchangedDocument/ram:ID": invoice.number = text
            case "rsm:ExchangedDocument/ram:TypeCode": invoice.typeCode = text
            case "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString": invoice.issueDate = CIINames.isoDate(text)
            case "rsm:ExchangedDocument/ram:IncludedNote/ram:Content": note.text = text
            case "rsm:ExchangedDocument/ram:IncludedNote/ram:SubjectCode": note.subjectCode = text
            case "rsm:ExchangedDocument/ram:IncludedNote": if !note.text.isEmpty || !note.subjectCode.isEmpty { invoice.notes.append(note) }
            default: break
            }
        }
    }

    private func agreementEnd(_ relative: Substring, text: String, attributes: [String: String]) {
        switch relative {
        case "ram:BuyerReference": invoice.buyerReference = text
        case "ram:SellerTaxRepresentativeTradeParty/ram:Name": representative { $0.name = text }
        case "ram:SellerTaxRepresentativeTradeParty/ram:SpecifiedTaxRegistration/ram:ID": representative { $0.vatIdentifier = text }
        case "ram:SellerOrderReferencedDocument/ram:IssuerAssignedID": invoice.salesOrderReference = text
        case "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID": invoice.orderReference = text
        case "ram:ContractReferencedDocument/ram:IssuerAssignedID": invoice.contractReference = text
        case "ram:AdditionalReferencedDocument/ram:IssuerAssignedID": document.id = text
        case "ram:AdditionalReferencedDocument/ram:URIID": document.uri = text
        case "ram:AdditionalReferencedDocument/ram:TypeCode": document.typeCode = text
        case "ram:AdditionalReferencedDocument/ram:Name": document.name = text
        case "ram:AdditionalReferencedDocument/ram:ReferenceTypeCode": document.scheme = text
        case "ram:AdditionalReferencedDocument/ram:AttachmentBinaryObject":
            document.mimeCode = attributes["mimeCode"] ?? ""
            document.filename = attributes["filename"] ?? ""
            document.attachment = finishAttachment()
        case "ram:AdditionalReferencedDocument":
            // A reference with nothing in it is no document (and would not be written back).
            guard !document.id.isEmpty || !document.name.isEmpty || !document.uri.isEmpty || document.attachment != nil else { return }
            switch document.typeCode {
            case "130": invoice.invoicedObject = .init(document.id, scheme: document.scheme)
            case "50": invoice.tenderReference = document.id
            default:
                invoice.documents.append(.init(
                    reference: document.id, description: document.name, uri: document.uri, attachment: document.attachment,
                    mimeCode: document.mimeCode, filename: document.filename
                ))
            }
        case "ram:SpecifiedProcuringProject/ram:ID": invoice.projectReference = text
        default:
            let address = "ram:SellerTaxRepresentativeTradeParty/ram:PostalTradeAddress/"
            if relative.hasPrefix(address) {
                representative { CIIAddress.read(relative.dropFirst(address.utf8.count), text, into: &$0.address) }
            }
        }
    }

    private func deliveryEnd(_ relative: Substring, text: String, attributes: [String: String]) {
        switch relative {
        case "ram:ShipToTradeParty/ram:ID": delivery { $0.locationIdentifier = .init(text) }
        case "ram:ShipToTradeParty/ram:GlobalID": delivery { $0.locationIdentifier = .init(text, scheme: attributes["schemeID"] ?? "") }
        case "ram:ShipToTradeParty/ram:Name": delivery { $0.partyName = text }
        case "ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString": delivery { $0.date = CIINames.isoDate(text) }
        case "ram:DespatchAdviceReferencedDocument/ram:IssuerAssignedID": invoice.despatchAdviceReference = text
        case "ram:ReceivingAdviceReferencedDocument/ram:IssuerAssignedID": invoice.receivingAdviceReference = text
        default:
            let address = "ram:ShipToTradeParty/ram:PostalTradeAddress/"
            if relative.hasPrefix(address) {
                delivery { CIIAddress.read(relative.dropFirst(address.utf8.count), text, into: &$0.address) }
            }
        }
    }

    private func settlementEnd(_ relative: Substring, text: String, attributes: [String: String]) {
        let summation = "ram:SpecifiedTradeSettlementHeaderMonetarySummation/"
        if relative.hasPrefix(summation) {
            let value = XMLDecimal(text)
            switch relative.dropFirst(summation.utf8.count) {
            case "ram:LineTotalAmount": invoice.totals.lineTotal = value
            case "ram:ChargeTotalAmount": invoice.totals.chargeTotal = value
            case "ram:AllowanceTotalAmount": invoice.totals.allowanceTotal = value
            case "ram:TaxBasisTotalAmount": invoice.totals.taxExclusive = value
            case "ram:TaxTotalAmount": vatTotal(value, currency: attributes["currencyID"] ?? "")
            case "ram:RoundingAmount": invoice.totals.rounding = value
            case "ram:GrandTotalAmount": invoice.totals.taxInclusive = value
            case "ram:TotalPrepaidAmount": invoice.totals.prepaid = value
            case "ram:DuePayableAmount": invoice.totals.payable = value
            default: break
            }
            return
        }
        switch relative {
        case "ram:CreditorReferenceID": payment { $0.creditorIdentifier = text }
        case "ram:PaymentReference": payment { $0.remittanceInformation = text }
        case "ram:TaxCurrencyCode": invoice.vatAccountingCurrency = text
        case "ram:InvoiceCurrencyCode": invoice.currency = text
        case "ram:PayeeTradeParty/ram:ID": payee { $0.identifier = .init(text) }
        case "ram:PayeeTradeParty/ram:GlobalID": payee { $0.identifier = .init(text, scheme: attributes["schemeID"] ?? "") }
        case "ram:PayeeTradeParty/ram:Name": payee { $0.name = text }
        case "ram:PayeeTradeParty/ram:SpecifiedLegalOrganization/ram:ID": payee { $0.legalRegistration = .init(text, scheme: attributes["schemeID"] ?? "") }
        case "ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode": payment { if $0.meansCode.isEmpty { $0.meansCode = text } }
        case "ram:SpecifiedTradeSettlementPaymentMeans/ram:Information": payment { if $0.meansText.isEmpty { $0.meansText = text } }
        case "ram:SpecifiedTradeSettlementPaymentMeans/ram:ApplicableTradeSettlementFinancialCard/ram:ID": payment { $0.cardNumber = text }
        case "ram:SpecifiedTradeSettlementPaymentMeans/ram:ApplicableTradeSettlementFinancialCard/ram:CardholderName": payment { $0.cardHolder = text }
        case "ram:SpecifiedTradeSettlementPaymentMeans/ram:PayerPartyDebtorFinancialAccount/ram:IBANID": payment { $0.debitedAccount = text }
        case "ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID",
             "ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:ProprietaryID":
            transfer.account = text
        case "ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:AccountName": transfer.accountName = text
        case "ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID": transfer.provider = text
        case "ram:SpecifiedTradeSettlementPaymentMeans":
            // A transfer named without its account still is one (BR-50 reports it).
            if !transfer.account.isEmpty || !transfer.accountName.isEmpty || !transfer.provider.isEmpty { payment { $0.transfers.append(transfer) } }
        case "ram:ApplicableTradeTax/ram:CalculatedAmount": tax.taxAmount = XMLDecimal(text)
        case "ram:ApplicableTradeTax/ram:ExemptionReason": tax.exemptionReason = text
        case "ram:ApplicableTradeTax/ram:BasisAmount": tax.taxableAmount = XMLDecimal(text)
        case "ram:ApplicableTradeTax/ram:CategoryCode": tax.category = text
        case "ram:ApplicableTradeTax/ram:ExemptionReasonCode": tax.exemptionReasonCode = text
        case "ram:ApplicableTradeTax/ram:TaxPointDate/udt:DateString": invoice.taxPointDate = CIINames.isoDate(text)
        case "ram:ApplicableTradeTax/ram:DueDateTypeCode": invoice.vatPointDateCode = text
        case "ram:ApplicableTradeTax/ram:RateApplicablePercent": tax.rate = XMLDecimal(text)
        case "ram:ApplicableTradeTax": invoice.vatBreakdown.append(tax)
        case "ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString":
            invoice.invoicingPeriod = with(invoice.invoicingPeriod ?? .init()) { $0.start = CIINames.isoDate(text) }
        case "ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString":
            invoice.invoicingPeriod = with(invoice.invoicingPeriod ?? .init()) { $0.end = CIINames.isoDate(text) }
        case "ram:SpecifiedTradePaymentTerms/ram:Description": invoice.paymentTerms = text
        case "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString": invoice.dueDate = CIINames.isoDate(text)
        case "ram:SpecifiedTradePaymentTerms/ram:DirectDebitMandateID": payment { $0.mandateReference = text }
        case "ram:InvoiceReferencedDocument/ram:IssuerAssignedID": preceding.number = text
        case "ram:InvoiceReferencedDocument/ram:FormattedIssueDateTime/qdt:DateTimeString": preceding.issueDate = CIINames.isoDate(text)
        case "ram:InvoiceReferencedDocument": if !preceding.number.isEmpty || !preceding.issueDate.isEmpty { invoice.precedingInvoices.append(preceding) }
        case "ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID": invoice.buyerAccountingReference = text
        default: break
        }
    }

    /// True when the allowance or charge group itself ended.
    private func allowanceEnd(_ relative: Substring, text: String) -> Bool {
        switch relative {
        case "": return true
        case "/ram:ChargeIndicator/udt:Indicator": allowanceIsCharge = Self.isTrue(text)
        case "/ram:CalculationPercent": allowance.percentage = XMLDecimal(text)
        case "/ram:BasisAmount": allowance.baseAmount = XMLDecimal(text)
        case "/ram:ActualAmount": allowance.amount = XMLDecimal(text)
        case "/ram:ReasonCode": allowance.reasonCode = text
        case "/ram:Reason": allowance.reason = text
        case "/ram:CategoryTradeTax/ram:CategoryCode": allowance.vatCategory = text
        case "/ram:CategoryTradeTax/ram:RateApplicablePercent": allowance.vatRate = XMLDecimal(text)
        default: break
        }
        return false
    }

    private func lineEnd(_ relative: Substring, text: String, attributes: [String: String]) {
        let product = "/ram:SpecifiedTradeProduct/"
        let agreement = "/ram:SpecifiedLineTradeAgreement/"
        let settlement = "/ram:SpecifiedLineTradeSettlement/"
        if relative.hasPrefix(Self.lineAllowance) {
            if allowanceEnd(relative.dropFirst(Self.lineAllowance.utf8.count), text: text) {
                if allowanceIsCharge { line.charges.append(allowance) } else { line.allowances.append(allowance) }
            }
        } else if relative.hasPrefix(product) {
            switch relative.dropFirst(product.utf8.count) {
            case "ram:GlobalID": line.standardItemId = .init(text, scheme: attributes["schemeID"] ?? "")
            case "ram:SellerAssignedID": line.sellerItemId = text
            case "ram:BuyerAssignedID": line.buyerItemId = text
            case "ram:Name": line.itemName = text
            case "ram:Description": line.itemDescription = text
            case "ram:ApplicableProductCharacteristic/ram:Description": attribute.name = text
            case "ram:ApplicableProductCharacteristic/ram:Value": attribute.value = text
            case "ram:ApplicableProductCharacteristic": if !attribute.name.isEmpty || !attribute.value.isEmpty { line.attributes.append(attribute) }
            case "ram:DesignatedProductClassification/ram:ClassCode":
                line.classifications.append(.init(code: text, listID: attributes["listID"] ?? "", listVersion: attributes["listVersionID"] ?? ""))
            case "ram:OriginTradeCountry/ram:ID": line.originCountry = text
            default: break
            }
        } else if relative.hasPrefix(agreement) {
            switch relative.dropFirst(agreement.utf8.count) {
            case "ram:BuyerOrderReferencedDocument/ram:LineID": line.orderLineReference = text
            case "ram:GrossPriceProductTradePrice/ram:ChargeAmount": line.grossPrice = XMLDecimal(text)
            case "ram:GrossPriceProductTradePrice/ram:AppliedTradeAllowanceCharge/ram:ActualAmount": line.priceDiscount = XMLDecimal(text)
            case "ram:NetPriceProductTradePrice/ram:ChargeAmount": line.netPrice = XMLDecimal(text)
            case "ram:NetPriceProductTradePrice/ram:BasisQuantity":
                line.baseQuantity = XMLDecimal(text)
                line.baseQuantityUnit = attributes["unitCode"] ?? ""
            default: break
            }
        } else if relative.hasPrefix(settlement) {
            switch relative.dropFirst(settlement.utf8.count) {
            case "ram:ApplicableTradeTax/ram:CategoryCode": line.vatCategory = text
            case "ram:ApplicableTradeTax/ram:RateApplicablePercent": line.vatRate = XMLDecimal(text)
            case "ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString": line.period = with(line.period ?? .init()) { $0.start = CIINames.isoDate(text) }
            case "ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString": line.period = with(line.period ?? .init()) { $0.end = CIINames.isoDate(text) }
            case "ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount": line.netAmount = XMLDecimal(text)
            case "ram:AdditionalReferencedDocument/ram:IssuerAssignedID": line.objectIdentifier = .init(text, scheme: line.objectIdentifier?.scheme ?? "")
            case "ram:AdditionalReferencedDocument/ram:ReferenceTypeCode": line.objectIdentifier = .init(line.objectIdentifier?.value ?? "", scheme: text)
            case "ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID": line.accountingReference = text
            default: break
            }
        } else {
            switch relative {
            case "": invoice.lines.append(line)
            case "/ram:AssociatedDocumentLineDocument/ram:LineID": line.id = text
            case "/ram:AssociatedDocumentLineDocument/ram:IncludedNote/ram:Content": line.note = line.note.isEmpty ? text : line.note + "\n" + text
            case "/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity":
                line.quantity = XMLDecimal(text)
                line.unitCode = attributes["unitCode"] ?? ""
            default: break
            }
        }
    }
}

/// A CII trade party (seller, buyer): BT-27…BT-58.
enum CIIParty {
    static func read(_ relative: Substring, _ text: String, _ attributes: [String: String], into party: inout StructuredInvoice.Party) {
        switch relative {
        case "ram:ID": party.identifiers.append(.init(text))
        case "ram:GlobalID": party.identifiers.append(.init(text, scheme: attributes["schemeID"] ?? ""))
        case "ram:Name": party.name = text
        case "ram:Description": party.additionalLegalInformation = text
        case "ram:SpecifiedLegalOrganization/ram:ID": party.legalRegistration = .init(text, scheme: attributes["schemeID"] ?? "")
        case "ram:SpecifiedLegalOrganization/ram:TradingBusinessName": party.tradingName = text
        case "ram:DefinedTradeContact/ram:PersonName": party.contact = with(party.contact ?? .init()) { $0.name = text }
        case "ram:DefinedTradeContact/ram:DepartmentName": party.contact = with(party.contact ?? .init()) { if $0.name.isEmpty { $0.name = text } }
        case "ram:DefinedTradeContact/ram:TelephoneUniversalCommunication/ram:CompleteNumber": party.contact = with(party.contact ?? .init()) { $0.telephone = text }
        case "ram:DefinedTradeContact/ram:EmailURIUniversalCommunication/ram:URIID": party.contact = with(party.contact ?? .init()) { $0.email = text }
        case "ram:URIUniversalCommunication/ram:URIID": party.electronicAddress = .init(text, scheme: attributes["schemeID"] ?? "")
        case "ram:SpecifiedTaxRegistration/ram:ID":
            if attributes["schemeID"] == "FC" { party.taxRegistration = text } else { party.vatIdentifier = text }
        default:
            if relative.hasPrefix("ram:PostalTradeAddress/") {
                CIIAddress.read(relative.dropFirst("ram:PostalTradeAddress/".utf8.count), text, into: &party.address)
            }
        }
    }
}

enum CIIAddress {
    static func read(_ relative: Substring, _ text: String, into address: inout StructuredInvoice.Address?) {
        var value = address ?? .init()
        switch relative {
        case "ram:PostcodeCode": value.postcode = text
        case "ram:LineOne": value.line1 = text
        case "ram:LineTwo": value.line2 = text
        case "ram:LineThree": value.line3 = text
        case "ram:CityName": value.city = text
        case "ram:CountryID": value.country = text
        case "ram:CountrySubDivisionName": value.subdivision = text
        default: return
        }
        address = value
    }
}
