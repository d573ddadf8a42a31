import Foundation

/// Writes a `StructuredInvoice` as a UBL 2.1 `Invoice`, or a `CreditNote`
/// for the credit note type codes, elements in the schema's order.
public enum UBLWriter {
    public static func write(_ invoice: StructuredInvoice) -> Data {
        let credit = invoice.isCreditNote
        let root = credit ? "CreditNote" : "Invoice"
        let currency = [("currencyID", invoice.currency)]
        var xml = XMLWriter(capacity: 4096 + invoice.lines.count * 1200 + invoice.documents.reduce(0) { $0 + ($1.attachment?.count ?? 0) * 4 / 3 })
        xml.root(root, [
            ("xmlns", credit ? UBLNames.creditNote : UBLNames.invoice), ("xmlns:cac", UBLNames.aggregate), ("xmlns:cbc", UBLNames.basic),
        ]) { xml in
            xml.leaf("cbc:CustomizationID", invoice.specification)
            xml.leaf("cbc:ProfileID", invoice.businessProcess)
            xml.leaf("cbc:ID", invoice.number)
            xml.leaf("cbc:IssueDate", invoice.issueDate)
            if !credit { xml.leaf("cbc:DueDate", invoice.dueDate) }
            if credit { xml.leaf("cbc:TaxPointDate", invoice.taxPointDate) }
            xml.leaf(credit ? "cbc:CreditNoteTypeCode" : "cbc:InvoiceTypeCode", invoice.typeCode)
            for note in invoice.notes { xml.leaf("cbc:Note", UBLNote.write(note)) }
            if !credit { xml.leaf("cbc:TaxPointDate", invoice.taxPointDate) }
            xml.leaf("cbc:DocumentCurrencyCode", invoice.currency)
            xml.leaf("cbc:TaxCurrencyCode", invoice.vatAccountingCurrency)
            xml.leaf("cbc:AccountingCost", invoice.buyerAccountingReference)
            xml.leaf("cbc:BuyerReference", invoice.buyerReference)
            xml.group("cac:InvoicePeriod") { xml in
                xml.leaf("cbc:StartDate", invoice.invoicingPeriod?.start ?? "")
                xml.leaf("cbc:EndDate", invoice.invoicingPeriod?.end ?? "")
                xml.leaf("cbc:DescriptionCode", invoice.vatPointDateCode)
            }
            xml.group("cac:OrderReference") { xml in
                // cbc:ID is mandatory in UBL: a sales order alone is written with "NA".
                xml.leaf("cbc:ID", invoice.orderReference.isEmpty && !invoice.salesOrderReference.isEmpty ? "NA" : invoice.orderReference)
                xml.leaf("cbc:SalesOrderID", invoice.salesOrderReference)
            }
            for preceding in invoice.precedingInvoices {
                xml.group("cac:BillingReference") { xml in
                    xml.group("cac:InvoiceDocumentReference") { xml in
                        xml.leaf("cbc:ID", preceding.number)
                        xml.leaf("cbc:IssueDate", preceding.issueDate)
                    }
                }
            }
            xml.group("cac:DespatchDocumentReference") { $0.leaf("cbc:ID", invoice.despatchAdviceReference) }
            xml.group("cac:ReceiptDocumentReference") { $0.leaf("cbc:ID", invoice.receivingAdviceReference) }
            // The two schemas order these differently, and CreditNote has no ProjectReference.
            if !credit { xml.group("cac:OriginatorDocumentReference") { $0.leaf("cbc:ID", invoice.tenderReference) } }
            xml.group("cac:ContractDocumentReference") { $0.leaf("cbc:ID", invoice.contractReference) }
            for document in invoice.documents {
                xml.group("cac:AdditionalDocumentReference") { xml in
                    xml.leaf("cbc:ID", document.reference)
                    xml.leaf("cbc:DocumentDescription", document.description)
                    xml.group("cac:Attachment") { xml in
                        if let attachment = document.attachment {
                            xml.leaf("cbc:EmbeddedDocumentBinaryObject", attachment.base64EncodedString(), [("mimeCode", document.mimeCode), ("filename", document.filename)])
                        }
                        xml.group("cac:ExternalReference") { $0.leaf("cbc:URI", document.uri) }
                    }
                }
            }
            if let object = invoice.invoicedObject {
                xml.group("cac:AdditionalDocumentReference") { xml in
                    xml.leaf("cbc:ID", object.value, [("schemeID", object.scheme)])
                    xml.leaf("cbc:DocumentTypeCode", "130")
                }
            }
            if credit, !invoice.projectReference.isEmpty {
                xml.group("cac:AdditionalDocumentReference") { xml in
                    xml.leaf("cbc:ID", invoice.projectReference)
                    xml.leaf("cbc:DocumentTypeCode", "50")
                }
            }
            if credit { xml.group("cac:OriginatorDocumentReference") { $0.leaf("cbc:ID", invoice.tenderReference) } }
            if !credit { xml.group("cac:ProjectReference") { $0.leaf("cbc:ID", invoice.projectReference) } }
            xml.group("cac:AccountingSupplierParty") { xml in
                party(invoice.seller, creditor: invoice.payment?.creditorIdentifier ?? "", into: &xml)
            }
            xml.group("cac:AccountingCustomerParty") { party(invoice.buyer, creditor: "", into: &$0) }
            if let payee = invoice.payee {
                xml.group("cac:PayeeParty") { xml in
                    if let identifier = payee.identifier {
                        xml.group("cac:PartyIdentification") { $0.leaf("cbc:ID", identifier.value, [("schemeID", identifier.scheme)]) }
                    }
                    xml.group("cac:PartyName") { $0.leaf("cbc:Name", payee.name) }
                    if let legal = payee.legalRegistration {
                        xml.group("cac:PartyLegalEntity") { $0.leaf("cbc:CompanyID", legal.value, [("schemeID", legal.scheme)]) }
                    }
                }
            }
            if let representative = invoice.taxRepresentative {
                xml.group("cac:TaxRepresentativeParty") { xml in
                    xml.group("cac:PartyName") { $0.leaf("cbc:Name", representative.name) }
                    address(representative.address, into: &xml)
                    if !representative.vatIdentifier.isEmpty {
                        xml.group("cac:PartyTaxScheme") { xml in
                            xml.leaf("cbc:CompanyID", representative.vatIdentifier)
                            xml.group("cac:TaxScheme") { $0.leaf("cbc:ID", "VAT") }
                        }
                    }
                }
            }
            if let delivery = invoice.delivery {
                xml.group("cac:Delivery") { xml in
                    xml.leaf("cbc:ActualDeliveryDate", delivery.date)
                    xml.group("cac:DeliveryLocation") { xml in
                        if let location = delivery.locationIdentifier { xml.leaf("cbc:ID", location.value, [("schemeID", location.scheme)]) }
                        address(delivery.address, element: "cac:Address", into: &xml)
                    }
                    xml.group("cac:DeliveryParty") { $0.group("cac:PartyName") { $0.leaf("cbc:Name", delivery.partyName) } }
                }
            }
            paymentMeans(invoice, credit: credit, into: &xml)
            xml.group("cac:PaymentTerms") { $0.leaf("cbc:Note", invoice.paymentTerms) }
            for (charge, list) in [(false, invoice.allowances), (true, invoice.charges)] {
                for item in list { allowanceCharge(item, charge: charge, currency: currency, documentLevel: true, into: &xml) }
            }
            xml.group("cac:TaxTotal") { xml in
                xml.leaf("cbc:TaxAmount", invoice.totals.vatTotal, currency)
                for row in invoice.vatBreakdown {
                    xml.group("cac:TaxSubtotal") { xml in
                        xml.leaf("cbc:TaxableAmount", row.taxableAmount, currency)
                        xml.leaf("cbc:TaxAmount", row.taxAmount, currency)
                        xml.group("cac:TaxCategory") { xml in
                            xml.leaf("cbc:ID", row.category)
                            xml.leaf("cbc:Percent", row.rate)
                            xml.leaf("cbc:TaxExemptionReasonCode", row.exemptionReasonCode)
                            xml.leaf("cbc:TaxExemptionReason", row.exemptionReason)
                            xml.group("cac:TaxScheme") { $0.leaf("cbc:ID", "VAT") }
                        }
                    }
                }
            }
            if let accounting = invoice.totals.vatTotalInAccountingCurrency {
                xml.group("cac:TaxTotal") { $0.leaf("cbc:TaxAmount", accounting, [("currencyID", invoice.vatAccountingCurrency)]) }
            }
            xml.group("cac:LegalMonetaryTotal") { xml in
                let totals = invoice.totals
                xml.leaf("cbc:LineExtensionAmount", totals.lineTotal, currency)
                xml.leaf("cbc:TaxExclusiveAmount", totals.taxExclusive, currency)
                xml.leaf("cbc:TaxInclusiveAmount", totals.taxInclusive, currency)
                xml.leaf("cbc:AllowanceTotalAmount", totals.allowanceTotal, currency)
                xml.leaf("cbc:ChargeTotalAmount", totals.chargeTotal, currency)
                xml.leaf("cbc:PrepaidAmount", totals.prepaid, currency)
                xml.leaf("cbc:PayableRoundingAmount", totals.rounding, currency)
                xml.leaf("cbc:PayableAmount", totals.payable, currency)
            }
            for item in invoice.lines { line(item, credit: credit, currency: currency, into: &xml) }
        }
        return Data(xml.text.utf8)
    }

    private static func party(_ party: StructuredInvoice.Party, creditor: String, into xml: inout XMLWriter) {
        xml.group("cac:Party") { xml in
            if let address = party.electronicAddress { xml.leaf("cbc:EndpointID", address.value, [("schemeID", address.scheme)]) }
            for identifier in party.identifiers {
                xml.group("cac:PartyIdentification") { $0.leaf("cbc:ID", identifier.value, [("schemeID", identifier.scheme)]) }
            }
            if !creditor.isEmpty {
                xml.group("cac:PartyIdentification") { $0.leaf("cbc:ID", creditor, [("schemeID", "SEPA")]) }
            }
            xml.group("cac:PartyName") { $0.leaf("cbc:Name", party.tradingName) }
            address(party.address, into: &xml)
            for (value, scheme) in [(party.vatIdentifier, "VAT"), (party.taxRegistration, "FC")] where !value.isEmpty {
                xml.group("cac:PartyTaxScheme") { xml in
                    xml.leaf("cbc:CompanyID", value)
                    xml.group("cac:TaxScheme") { $0.leaf("cbc:ID", scheme) }
                }
            }
            xml.group("cac:PartyLegalEntity") { xml in
                xml.leaf("cbc:RegistrationName", party.name)
                if let legal = party.legalRegistration { xml.leaf("cbc:CompanyID", legal.value, [("schemeID", legal.scheme)]) }
                xml.leaf("cbc:CompanyLegalForm", party.additionalLegalInformation)
            }
            if let contact = party.contact {
                xml.group("cac:Contact") { xml in
                    xml.leaf("cbc:Name", contact.name)
                    xml.leaf("cbc:Telephone", contact.telephone)
                    xml.leaf("cbc:ElectronicMail", contact.email)
                }
            }
        }
    }

    private static func address(_ address: StructuredInvoice.Address?, element: String = "cac:PostalAddress", into xml: inout XMLWriter) {
        guard let address else { return }
        xml.group(element) { xml in
            xml.leaf("cbc:StreetName", address.line1)
            xml.leaf("cbc:AdditionalStreetName", address.line2)
            xml.leaf("cbc:CityName", address.city)
            xml.leaf("cbc:PostalZone", address.postcode)
            xml.leaf("cbc:CountrySubentity", address.subdivision)
            xml.group("cac:AddressLine") { $0.leaf("cbc:Line", address.line3) }
            xml.group("cac:Country") { $0.leaf("cbc:IdentificationCode", address.country) }
        }
    }

    /// One `PaymentMeans` per account (UBL has one account per means), the
    /// first carrying the code's text, the remittance, card and mandate.
    private static func paymentMeans(_ invoice: StructuredInvoice, credit: Bool, into xml: inout XMLWriter) {
        guard let payment = invoice.payment else {
            if credit, !invoice.dueDate.isEmpty {
                xml.group("cac:PaymentMeans") { $0.leaf("cbc:PaymentDueDate", invoice.dueDate) }
            }
            return
        }
        let accounts: [StructuredInvoice.CreditTransfer?] = payment.transfers.isEmpty ? [nil] : payment.transfers
        for (index, account) in accounts.enumerated() {
            xml.group("cac:PaymentMeans") { xml in
                xml.leaf("cbc:PaymentMeansCode", payment.meansCode, index == 0 ? [("name", payment.meansText)] : [])
                if credit, index == 0 { xml.leaf("cbc:PaymentDueDate", invoice.dueDate) }
                if index == 0 {
                    xml.leaf("cbc:PaymentID", payment.remittanceInformation)
                    if !payment.cardNumber.isEmpty {
                        xml.group("cac:CardAccount") { xml in
                            xml.leaf("cbc:PrimaryAccountNumberID", payment.cardNumber)
                            // Mandatory in UBL, not a business term.
                            xml.leaf("cbc:NetworkID", "NA")
                            xml.leaf("cbc:HolderName", payment.cardHolder)
                        }
                    }
                }
                if let account {
                    xml.group("cac:PayeeFinancialAccount") { xml in
                        xml.leaf("cbc:ID", account.account)
                        xml.leaf("cbc:Name", account.accountName)
                        xml.group("cac:FinancialInstitutionBranch") { $0.leaf("cbc:ID", account.provider) }
                    }
                }
                if index == 0 {
                    xml.group("cac:PaymentMandate") { xml in
                        xml.leaf("cbc:ID", payment.mandateReference)
                        xml.group("cac:PayerFinancialAccount") { $0.leaf("cbc:ID", payment.debitedAccount) }
                    }
                }
            }
        }
    }

    private static func allowanceCharge(
        _ item: StructuredInvoice.AllowanceCharge, charge: Bool, currency: [(String, String)], documentLevel: Bool, into xml: inout XMLWriter
    ) {
        xml.group("cac:AllowanceCharge") { xml in
            xml.leaf("cbc:ChargeIndicator", charge ? "true" : "false")
            xml.leaf("cbc:AllowanceChargeReasonCode", item.reasonCode)
            xml.leaf("cbc:AllowanceChargeReason", item.reason)
            xml.leaf("cbc:MultiplierFactorNumeric", item.percentage)
            xml.leaf("cbc:Amount", item.amount, currency)
            xml.leaf("cbc:BaseAmount", item.baseAmount, currency)
            if documentLevel {
                xml.group("cac:TaxCategory") { xml in
                    xml.leaf("cbc:ID", item.vatCategory)
                    xml.leaf("cbc:Percent", item.vatRate)
                    xml.group("cac:TaxScheme") { $0.leaf("cbc:ID", "VAT") }
                }
            }
        }
    }

    private static func line(_ line: StructuredInvoice.Line, credit: Bool, currency: [(String, String)], into xml: inout XMLWriter) {
        xml.group(credit ? "cac:CreditNoteLine" : "cac:InvoiceLine") { xml in
            xml.leaf("cbc:ID", line.id)
            xml.leaf("cbc:Note", line.note)
            xml.leaf(credit ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity", line.quantity, [("unitCode", line.unitCode)])
            xml.leaf("cbc:LineExtensionAmount", line.netAmount, currency)
            xml.leaf("cbc:AccountingCost", line.accountingReference)
            xml.group("cac:InvoicePeriod") { xml in
                xml.leaf("cbc:StartDate", line.period?.start ?? "")
                xml.leaf("cbc:EndDate", line.period?.end ?? "")
            }
            xml.group("cac:OrderLineReference") { $0.leaf("cbc:LineID", line.orderLineReference) }
            if let object = line.objectIdentifier {
                xml.group("cac:DocumentReference") { xml in
                    xml.leaf("cbc:ID", object.value, [("schemeID", object.scheme)])
                    xml.leaf("cbc:DocumentTypeCode", "130")
                }
            }
            for (charge, list) in [(false, line.allowances), (true, line.charges)] {
                for item in list { allowanceCharge(item, charge: charge, currency: currency, documentLevel: false, into: &xml) }
            }
            xml.group("cac:Item") { xml in
                xml.leaf("cbc:Description", line.itemDescription)
                xml.leaf("cbc:Name", line.itemName)
                xml.group("cac:BuyersItemIdentification") { $0.leaf("cbc:ID", line.buyerItemId) }
                xml.group("cac:SellersItemIdentification") { $0.leaf("cbc:ID", line.sellerItemId) }
                if let standard = line.standardItemId {
                    xml.group("cac:StandardItemIdentification") { $0.leaf("cbc:ID", standard.value, [("schemeID", standard.scheme)]) }
                }
                xml.group("cac:OriginCountry") { $0.leaf("cbc:IdentificationCode", line.originCountry) }
                for classification in line.classifications {
                    xml.group("cac:CommodityClassification") {
                        $0.leaf("cbc:ItemClassificationCode", classification.code, [("listID", classification.listID), ("listVersionID", classification.listVersion)])
                    }
                }
                xml.group("cac:ClassifiedTaxCategory") { xml in
                    xml.leaf("cbc:ID", line.vatCategory)
                    xml.leaf("cbc:Percent", line.vatRate)
                    xml.group("cac:TaxScheme") { $0.leaf("cbc:ID", "VAT") }
                }
                for attribute in line.attributes {
                    xml.group("cac:AdditionalItemProperty") { xml in
                        xml.leaf("cbc:Name", attribute.name)
                        xml.leaf("cbc:Value", attribute.value)
                    }
                }
            }
            xml.group("cac:Price") { xml in
                xml.leaf("cbc:PriceAmount", line.netPrice, currency)
                xml.leaf("cbc:BaseQuantity", line.baseQuantity, [("unitCode", line.baseQuantityUnit)])
                if line.priceDiscount != nil || line.grossPrice != nil {
                    xml.group("cac:AllowanceCharge") { xml in
                        xml.leaf("cbc:ChargeIndicator", "false")
                        xml.leaf("cbc:Amount", line.priceDiscount, currency)
                        xml.leaf("cbc:BaseAmount", line.grossPrice, currency)
                    }
                }
            }
        }
    }
}
