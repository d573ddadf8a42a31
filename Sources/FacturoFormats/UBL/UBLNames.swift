/// UBL 2.1's namespaces and the prefixes paths use for them.
enum UBLNames {
    static let invoice = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    static let creditNote = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
    static let aggregate = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    static let basic = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
    static let extensions = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"

    static let prefixes = [aggregate: "cac", basic: "cbc", extensions: "ext"]

    static let sellerParty = "cac:AccountingSupplierParty/cac:Party/"
    static let buyerParty = "cac:AccountingCustomerParty/cac:Party/"
}
