import FacturoDomain
/// One business term of EN 16931 (BT-xx) with where each syntax writes it:
/// the table behind the findings' XML paths and behind docs/formats.md
/// (a test holds the two to each other).
public struct BusinessTerm: Sendable, Equatable {
    /// Which repeated group a term belongs to: its paths are relative to
    /// that group's element, which findings number (`cac:InvoiceLine[3]`).
    public enum Scope: String, Sendable {
        case document
        case line
        case vatBreakdown
        case allowance
        case charge
        case lineAllowance
        case lineCharge
        case precedingInvoice
        case supportingDocument
    }

    public let id: String
    public let name: String
    public let scope: Scope
    public let ubl: String
    public let cii: String
    /// The `StructuredInvoice` field, or why there is none.
    public let field: String

    init(_ id: String, _ name: String, _ scope: Scope = .document, ubl: String, cii: String, field: String) {
        self.id = id
        self.name = name
        self.scope = scope
        self.ubl = ubl
        self.cii = cii
        self.field = field
    }

    /// The scope's own element in each syntax, below the root.
    static func groupPath(_ scope: Scope, syntax: StructuredSyntax) -> String {
        switch (scope, syntax) {
        case (.document, _): ""
        case (.line, .ubl): "cac:InvoiceLine"
        case (.line, .cii): "rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem"
        case (.vatBreakdown, .ubl): "cac:TaxTotal/cac:TaxSubtotal"
        case (.vatBreakdown, .cii): "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax"
        case (.allowance, .ubl), (.charge, .ubl): "cac:AllowanceCharge"
        case (.allowance, .cii), (.charge, .cii): "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeAllowanceCharge"
        case (.lineAllowance, .ubl), (.lineCharge, .ubl): "cac:InvoiceLine/cac:AllowanceCharge"
        case (.lineAllowance, .cii), (.lineCharge, .cii):
            "rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge"
        case (.precedingInvoice, .ubl): "cac:BillingReference"
        case (.precedingInvoice, .cii): "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:InvoiceReferencedDocument"
        case (.supportingDocument, .ubl): "cac:AdditionalDocumentReference"
        case (.supportingDocument, .cii): "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:AdditionalReferencedDocument"
        }
    }
}
