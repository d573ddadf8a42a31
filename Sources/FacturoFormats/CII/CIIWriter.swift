import Foundation

/// Writes a `StructuredInvoice` as a CII D16B `CrossIndustryInvoice`,
/// elements in the schema's order, dates in format 102.
public enum CIIWriter {
    public static func write(_ invoice: StructuredInvoice) -> Data {
        var xml = XMLWriter(capacity: 4096 + invoice.lines.count * 1500 + invoice.documents.reduce(0) { $0 + ($1.attachment?.count ?? 0) * 4 / 3 })
        xml.root("rsm:CrossIndustryInvoice", [
            ("xmlns:rsm", CIINames.invoice), ("xmlns:ram", CIINames.aggregate), ("xmlns:udt", CIINames.unqualified), ("xmlns:qdt", CIINames.qualified),
        ]) { xml in
            xml.group("rsm:ExchangedDocumentContext") { xml in
                xml.group("ram:BusinessProcessSpecifiedDocumentContextParameter") { $0.leaf("ram:ID", invoice.businessProcess) }
                xml.group("ram:GuidelineSpecifiedDocumentContextParameter") { $0.leaf("ram:ID", invoice.specification) }
            }
            xml.group("rsm:ExchangedDocument") { xml in
                xml.leaf("ram:ID", invoice.number)
                xml.leaf("ram:TypeCode", invoice.typeCode)
                date("ram:IssueDateTime", invoice.issueDate, into: &xml)
                for note in invoice.notes {
                    xml.group("ram:IncludedNote") { xml in
                        xml.leaf("ram:Content", note.text)
                        xml.leaf("ram:SubjectCode", note.subjectCode)
                    }
                }
            }
            xml.group("rsm:SupplyChainTradeTransaction") { xml in
                for item in invoice.lines { line(item, into: &xml) }
                agreement(invoice, into: &xml)
                delivery(invoice, into: &xml)
                settlement(invoice, into: &xml)
            }
        }
        return Data(xml.text.utf8)
    }

    private static func date(_ element: String, _ iso: String, qualified: Bool = false, into xml: inout XMLWriter) {
        guard !iso.isEmpty else { return }
        xml.group(element) { $0.leaf(qualified ? "qdt:DateTimeString" : "udt:DateTimeString", CIINames.date102(iso), [("format", "102")]) }
    }

    private static func reference(_ element: String, _ id: String, into xml: inout XMLWriter) {
        xml.group(element) { $0.leaf("ram:IssuerAssignedID", id) }
    }

    private static func agreement(_ invoice: StructuredInvoice, into xml: inout XMLWriter) {
        xml.group("ram:ApplicableHeaderTradeAgreement") { xml in
            xml.leaf("ram:BuyerReference", invoice.buyerReference)
            party("ram:SellerTradeParty", invoice.seller, into: &xml)
            party("ram:BuyerTradeParty", invoice.buyer, into: &xml)
            if let representative = invoice.taxRepresentative {
                xml.group("ram:SellerTaxRepresentativeTradeParty") { xml in
                    xml.leaf("ram:Name", representative.name)
                    address(representative.address, into: &xml)
                    xml.group("ram:SpecifiedTaxRegistration") { $0.leaf("ram:ID", representative.vatIdentifier, [("schemeID", "VA")]) }
                }
            }
            reference("ram:SellerOrderReferencedDocument", invoice.salesOrderReference, into: &xml)
            reference("ram:BuyerOrderReferencedDocument", invoice.orderReference, into: &xml)
            reference("ram:ContractReferencedDocument", invoice.contractReference, into: &xml)
            for document in invoice.documents {
                xml.group("ram:AdditionalReferencedDocument") { xml in
                    xml.leaf("ram:IssuerAssignedID", document.reference)
                    xml.leaf("ram:URIID", document.uri)
                    xml.leaf("ram:TypeCode", "916")
                    xml.leaf("ram:Name", document.description)
                    if let attachment = document.attachment {
                        xml.leaf("ram:AttachmentBinaryObject", attachment.base64EncodedString(), [("mimeCode", document.mimeCode), ("filename", document.filename)])
                    }
                }
            }
            if !invoice.tenderReference.isEmpty {
                xml.group("ram:AdditionalReferencedDocument") { xml in
                    xml.leaf("ram:IssuerAssignedID", invoice.tenderReference)
                    xml.leaf("ram:TypeCode", "50")
                }
            }
            if let object = invoice.invoicedObject {
                xml.group("ram:AdditionalReferencedDocument") { xml in
                    xml.leaf("ram:IssuerAssignedID", object.value)
                    xml.leaf("ram:TypeCode", "130")
                    xml.leaf("ram:ReferenceTypeCode", object.scheme)
                }
            }
            if !invoice.projectReference.isEmpty {
                xml.group("ram:SpecifiedProcuringProject") { xml in
                    xml.leaf("ram:ID", invoice.projectReference)
                    // Mandatory in CII, not a business term of EN 16931.
                    xml.leaf("ram:Name", "Project reference")
                }
            }
        }
    }

    private static func delivery(_ invoice: StructuredInvoice, into xml: inout XMLWriter) {
        let delivery = invoice.delivery
        // Mandatory in CII even when empty: a group that writes nothing
        // is dropped, so an empty one is written by hand.
        let before = xml.text.utf8.count
        xml.group("ram:ApplicableHeaderTradeDelivery") { xml in
            if let delivery {
                xml.group("ram:ShipToTradeParty") { xml in
                    if let location = delivery.locationIdentifier {
                        if location.scheme.isEmpty { xml.leaf("ram:ID", location.value) } else { xml.leaf("ram:GlobalID", location.value, [("schemeID", location.scheme)]) }
                    }
                    xml.leaf("ram:Name", delivery.partyName)
                    address(delivery.address, into: &xml)
                }
                if !delivery.date.isEmpty {
                    xml.group("ram:ActualDeliverySupplyChainEvent") { date("ram:OccurrenceDateTime", delivery.date, into: &$0) }
                }
            }
            reference("ram:DespatchAdviceReferencedDocument", invoice.despatchAdviceReference, into: &xml)
            reference("ram:ReceivingAdviceReferencedDocument", invoice.receivingAdviceReference, into: &xml)
        }
        if xml.text.utf8.count == before { xml.empty("ram:ApplicableHeaderTradeDelivery") }
    }

    private static func settlement(_ invoice: StructuredInvoice, into xml: inout XMLWriter) {
        let currency = [("currencyID", invoice.currency)]
        xml.group("ram:ApplicableHeaderTradeSettlement") { xml in
            let payment = invoice.payment
            xml.leaf("ram:CreditorReferenceID", payment?.creditorIdentifier ?? "")
            xml.leaf("ram:PaymentReference", payment?.remittanceInformation ?? "")
            xml.leaf("ram:TaxCurrencyCode", invoice.vatAccountingCurrency)
            xml.leaf("ram:InvoiceCurrencyCode", invoice.currency)
            if let payee = invoice.payee {
                xml.group("ram:PayeeTradeParty") { xml in
                    if let identifier = payee.identifier {
                        if identifier.scheme.isEmpty { xml.leaf("ram:ID", identifier.value) } else { xml.leaf("ram:GlobalID", identifier.value, [("schemeID", identifier.scheme)]) }
                    }
                    xml.leaf("ram:Name", payee.name)
                    if let legal = payee.legalRegistration {
                        xml.group("ram:SpecifiedLegalOrganization") { $0.leaf("ram:ID", legal.value, [("schemeID", legal.scheme)]) }
                    }
                }
            }
            if let payment {
                let accounts: [StructuredInvoice.CreditTransfer?] = payment.transfers.isEmpty ? [nil] : payment.transfers
                for (index, account) in accounts.enumerated() {
                    xml.group("ram:SpecifiedTradeSettlementPaymentMeans") { xml in
                        xml.leaf("ram:TypeCode", payment.meansCode)
                        if index == 0 {
                            xml.leaf("ram:Information", payment.meansText)
                            xml.group("ram:ApplicableTradeSettlementFinancialCard") { xml in
                                xml.leaf("ram:ID", payment.cardNumber)
                                xml.leaf("ram:CardholderName", payment.cardHolder)
                            }
                            xml.group("ram:PayerPartyDebtorFinancialAccount") { $0.leaf("ram:IBANID", payment.debitedAccount) }
                        }
                        if let account {
                            xml.group("ram:PayeePartyCreditorFinancialAccount") { xml in
                                xml.leaf("ram:IBANID", account.account)
                                xml.leaf("ram:AccountName", account.accountName)
                            }
                            xml.group("ram:PayeeSpecifiedCreditorFinancialInstitution") { $0.leaf("ram:BICID", account.provider) }
                        }
                    }
                }
            }
            for (index, row) in invoice.vatBreakdown.enumerated() {
                xml.group("ram:ApplicableTradeTax") { xml in
                    xml.leaf("ram:CalculatedAmount", row.taxAmount)
                    xml.leaf("ram:TypeCode", "VAT")
                    xml.leaf("ram:ExemptionReason", row.exemptionReason)
                    xml.leaf("ram:BasisAmount", row.taxableAmount)
                    xml.leaf("ram:CategoryCode", row.category)
                    xml.leaf("ram:ExemptionReasonCode", row.exemptionReasonCode)
                    if index == 0, !invoice.taxPointDate.isEmpty {
                        xml.group("ram:TaxPointDate") { $0.leaf("udt:DateString", CIINames.date102(invoice.taxPointDate), [("format", "102")]) }
                    }
                    if index == 0 { xml.leaf("ram:DueDateTypeCode", invoice.vatPointDateCode) }
                    xml.leaf("ram:RateApplicablePercent", row.rate)
                }
            }
            if let period = invoice.invoicingPeriod {
                xml.group("ram:BillingSpecifiedPeriod") { xml in
                    date("ram:StartDateTime", period.start, into: &xml)
                    date("ram:EndDateTime", period.end, into: &xml)
                }
            }
            for (charge, list) in [(false, invoice.allowances), (true, invoice.charges)] {
                for item in list { allowanceCharge(item, charge: charge, documentLevel: true, into: &xml) }
            }
            if !invoice.paymentTerms.isEmpty || !invoice.dueDate.isEmpty || !(payment?.mandateReference.isEmpty ?? true) {
                xml.group("ram:SpecifiedTradePaymentTerms") { xml in
                    xml.leaf("ram:Description", invoice.paymentTerms)
                    date("ram:DueDateDateTime", invoice.dueDate, into: &xml)
                    xml.leaf("ram:DirectDebitMandateID", payment?.mandateReference ?? "")
                }
            }
            xml.group("ram:SpecifiedTradeSettlementHeaderMonetarySummation") { xml in
                let totals = invoice.totals
                xml.leaf("ram:LineTotalAmount", totals.lineTotal)
                xml.leaf("ram:ChargeTotalAmount", totals.chargeTotal)
                xml.leaf("ram:AllowanceTotalAmount", totals.allowanceTotal)
                xml.leaf("ram:TaxBasisTotalAmount", totals.taxExclusive)
                xml.leaf("ram:TaxTotalAmount", totals.vatTotal, currency)
                xml.leaf("ram:TaxTotalAmount", totals.vatTotalInAccountingCurrency, [("currencyID", invoice.vatAccountingCurrency)])
                xml.leaf("ram:RoundingAmount", totals.rounding)
                xml.leaf("ram:GrandTotalAmount", totals.taxInclusive)
                xml.leaf("ram:TotalPrepaidAmount", totals.prepaid)
                xml.leaf("ram:DuePayableAmount", totals.payable)
            }
            for preceding in invoice.precedingInvoices {
                xml.group("ram:InvoiceReferencedDocument") { xml in
                    xml.leaf("ram:IssuerAssignedID", preceding.number)
                    date("ram:FormattedIssueDateTime", preceding.issueDate, qualified: true, into: &xml)
                }
            }
            xml.group("ram:ReceivableSpecifiedTradeAccountingAccount") { $0.leaf("ram:ID", invoice.buyerAccountingReference) }
        }
    }

    private static func party(_ element: String, _ party: StructuredInvoice.Party, into xml: inout XMLWriter) {
        xml.group(element) { xml in
            for identifier in party.identifiers where identifier.scheme.isEmpty { xml.leaf("ram:ID", identifier.value) }
            for identifier in party.identifiers where !identifier.scheme.isEmpty { xml.leaf("ram:GlobalID", identifier.value, [("schemeID", identifier.scheme)]) }
            xml.leaf("ram:Name", party.name)
            xml.leaf("ram:Description", party.additionalLegalInformation)
            if party.legalRegistration != nil || !party.tradingName.isEmpty {
                xml.group("ram:SpecifiedLegalOrganization") { xml in
                    if let legal = party.legalRegistration { xml.leaf("ram:ID", legal.value, [("schemeID", legal.scheme)]) }
                    xml.leaf("ram:TradingBusinessName", party.tradingName)
                }
            }
            if let contact = party.contact {
                xml.group("ram:DefinedTradeContact") { xml in
                    xml.leaf("ram:PersonName", contact.name)
                    xml.group("ram:TelephoneUniversalCommunication") { $0.leaf("ram:CompleteNumber", contact.telephone) }
                    xml.group("ram:EmailURIUniversalCommunication") { $0.leaf("ram:URIID", contact.email) }
                }
            }
            address(party.address, into: &xml)
            if let address = party.electronicAddress {
                xml.group("ram:URIUniversalCommunication") { $0.leaf("ram:URIID", address.value, [("schemeID", address.scheme)]) }
            }
            xml.group("ram:SpecifiedTaxRegistration") { $0.leaf("ram:ID", party.vatIdentifier, [("schemeID", "VA")]) }
            xml.group("ram:SpecifiedTaxRegistration") { $0.leaf("ram:ID", party.taxRegistration, [("schemeID", "FC")]) }
        }
    }

    private static func address(_ address: StructuredInvoice.Address?, into xml: inout XMLWriter) {
        guard let address else { return }
        xml.group("ram:PostalTradeAddress") { xml in
            xml.leaf("ram:PostcodeCode", address.postcode)
            xml.leaf("ram:LineOne", address.line1)
            xml.leaf("ram:LineTwo", address.line2)
            xml.leaf("ram:LineThree", address.line3)
            xml.leaf("ram:CityName", address.city)
            xml.leaf("ram:CountryID", address.country)
            xml.leaf("ram:CountrySubDivisionName", address.subdivision)
        }
    }

    private static func allowanceCharge(_ item: StructuredInvoice.AllowanceCharge, charge: Bool, documentLevel: Bool, into xml: inout XMLWriter) {
        xml.group("ram:SpecifiedTradeAllowanceCharge") { xml in
            xml.group("ram:ChargeIndicator") { $0.leaf("udt:Indicator", charge ? "true" : "false") }
            xml.leaf("ram:CalculationPercent", item.percentage)
            xml.leaf("ram:BasisAmount", item.baseAmount)
            xml.leaf("ram:ActualAmount", item.amount)
            xml.leaf("ram:ReasonCode", item.reasonCode)
            xml.leaf("ram:Reason", item.reason)
            if documentLevel {
                xml.group("ram:CategoryTradeTax") { xml in
                    xml.leaf("ram:TypeCode", "VAT")
                    xml.leaf("ram:CategoryCode", item.vatCategory)
                    xml.leaf("ram:RateApplicablePercent", item.vatRate)
                }
            }
        }
    }

    private static func line(_ line: StructuredInvoice.Line, into xml: inout XMLWriter) {
        xml.group("ram:IncludedSupplyChainTradeLineItem") { xml in
            xml.group("ram:AssociatedDocumentLineDocument") { xml in
                xml.leaf("ram:LineID", line.id)
                xml.group("ram:IncludedNote") { $0.leaf("ram:Content", line.note) }
            }
            xml.group("ram:SpecifiedTradeProduct") { xml in
                if let standard = line.standardItemId { xml.leaf("ram:GlobalID", standard.value, [("schemeID", standard.scheme)]) }
                xml.leaf("ram:SellerAssignedID", line.sellerItemId)
                xml.leaf("ram:BuyerAssignedID", line.buyerItemId)
                xml.leaf("ram:Name", line.itemName)
                xml.leaf("ram:Description", line.itemDescription)
                for attribute in line.attributes {
                    xml.group("ram:ApplicableProductCharacteristic") { xml in
                        xml.leaf("ram:Description", attribute.name)
                        xml.leaf("ram:Value", attribute.value)
                    }
                }
                for classification in line.classifications {
                    xml.group("ram:DesignatedProductClassification") {
                        $0.leaf("ram:ClassCode", classification.code, [("listID", classification.listID), ("listVersionID", classification.listVersion)])
                    }
                }
                xml.group("ram:OriginTradeCountry") { $0.leaf("ram:ID", line.originCountry) }
            }
            xml.group("ram:SpecifiedLineTradeAgreement") { xml in
                xml.group("ram:BuyerOrderReferencedDocument") { $0.leaf("ram:LineID", line.orderLineReference) }
                if line.grossPrice != nil || line.priceDiscount != nil {
                    xml.group("ram:GrossPriceProductTradePrice") { xml in
                        xml.leaf("ram:ChargeAmount", line.grossPrice)
                        if line.priceDiscount != nil {
                            xml.group("ram:AppliedTradeAllowanceCharge") { xml in
                                xml.group("ram:ChargeIndicator") { $0.leaf("udt:Indicator", "false") }
                                xml.leaf("ram:ActualAmount", line.priceDiscount)
                            }
                        }
                    }
                }
                xml.group("ram:NetPriceProductTradePrice") { xml in
                    xml.leaf("ram:ChargeAmount", line.netPrice)
                    xml.leaf("ram:BasisQuantity", line.baseQuantity, [("unitCode", line.baseQuantityUnit)])
                }
            }
            xml.group("ram:SpecifiedLineTradeDelivery") { $0.leaf("ram:BilledQuantity", line.quantity, [("unitCode", line.unitCode)]) }
            xml.group("ram:SpecifiedLineTradeSettlement") { xml in
                xml.group("ram:ApplicableTradeTax") { xml in
                    xml.leaf("ram:TypeCode", "VAT")
                    xml.leaf("ram:CategoryCode", line.vatCategory)
                    xml.leaf("ram:RateApplicablePercent", line.vatRate)
                }
                if let period = line.period {
                    xml.group("ram:BillingSpecifiedPeriod") { xml in
                        date("ram:StartDateTime", period.start, into: &xml)
                        date("ram:EndDateTime", period.end, into: &xml)
                    }
                }
                for (charge, list) in [(false, line.allowances), (true, line.charges)] {
                    for item in list { allowanceCharge(item, charge: charge, documentLevel: false, into: &xml) }
                }
                xml.group("ram:SpecifiedTradeSettlementLineMonetarySummation") { $0.leaf("ram:LineTotalAmount", line.netAmount) }
                if let object = line.objectIdentifier {
                    xml.group("ram:AdditionalReferencedDocument") { xml in
                        xml.leaf("ram:IssuerAssignedID", object.value)
                        xml.leaf("ram:TypeCode", "130")
                        xml.leaf("ram:ReferenceTypeCode", object.scheme)
                    }
                }
                xml.group("ram:ReceivableSpecifiedTradeAccountingAccount") { $0.leaf("ram:ID", line.accountingReference) }
            }
        }
    }
}
