/// CII D16B's namespaces, the prefixes paths use for them, and the
/// groups' paths below the root.
enum CIINames {
    static let invoice = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
    static let aggregate = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
    static let unqualified = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
    static let qualified = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"

    static let prefixes = [invoice: "rsm", aggregate: "ram", unqualified: "udt", qualified: "qdt"]

    static let transaction = "rsm:SupplyChainTradeTransaction/"
    static let line = transaction + "ram:IncludedSupplyChainTradeLineItem"
    static let agreement = transaction + "ram:ApplicableHeaderTradeAgreement/"
    static let delivery = transaction + "ram:ApplicableHeaderTradeDelivery/"
    static let settlement = transaction + "ram:ApplicableHeaderTradeSettlement/"
    static let seller = agreement + "ram:SellerTradeParty/"
    static let buyer = agreement + "ram:BuyerTradeParty/"

    /// `YYYYMMDD` (format 102) as ISO `YYYY-MM-DD`; other texts as they are.
    static func isoDate(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count == 8, bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return text }
        return String(decoding: bytes[0..<4], as: UTF8.self) + "-" + String(decoding: bytes[4..<6], as: UTF8.self) + "-" + String(decoding: bytes[6..<8], as: UTF8.self)
    }

    /// ISO `YYYY-MM-DD` as format 102; other texts as they are.
    static func date102(_ iso: String) -> String {
        let bytes = Array(iso.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return iso }
        return String(decoding: bytes[0..<4] + bytes[5..<7] + bytes[8..<10], as: UTF8.self)
    }
}
