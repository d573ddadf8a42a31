import FacturoDomain
/// BG-25: one invoice line, with its period (BG-26), allowances and
/// charges (BG-27, BG-28), price (BG-29), VAT (BG-30) and item (BG-31, BG-32).
extension StructuredInvoice {
    public struct Line: Sendable, Equatable {
        /// BT-126.
        public var id = ""
        /// BT-127.
        public var note = ""
        /// BT-128 with its scheme.
        public var objectIdentifier: Identifier?
        /// BT-129.
        public var quantity: XMLDecimal?
        /// BT-130.
        public var unitCode = ""
        /// BT-131.
        public var netAmount: XMLDecimal?
        /// BT-132.
        public var orderLineReference = ""
        /// BT-133.
        public var accountingReference = ""
        /// BG-26.
        public var period: Period?
        /// BG-27.
        public var allowances: [AllowanceCharge] = []
        /// BG-28.
        public var charges: [AllowanceCharge] = []
        /// BT-146.
        public var netPrice: XMLDecimal?
        /// BT-147.
        public var priceDiscount: XMLDecimal?
        /// BT-148.
        public var grossPrice: XMLDecimal?
        /// BT-149.
        public var baseQuantity: XMLDecimal?
        /// BT-150.
        public var baseQuantityUnit = ""
        /// BT-151.
        public var vatCategory = ""
        /// BT-152.
        public var vatRate: XMLDecimal?
        /// BT-153.
        public var itemName = ""
        /// BT-154.
        public var itemDescription = ""
        /// BT-155.
        public var sellerItemId = ""
        /// BT-156.
        public var buyerItemId = ""
        /// BT-157 with its scheme.
        public var standardItemId: Identifier?
        /// BT-158 with its list (BT-158-1) and list version (BT-158-2).
        public var classifications: [Classification] = []
        /// BT-159.
        public var originCountry = ""
        /// BG-32: BT-160 name, BT-161 value.
        public var attributes: [Attribute] = []
        public init() {}
    }

    public struct Classification: Sendable, Equatable {
        public var code: String
        public var listID: String
        public var listVersion: String
        public init(code: String, listID: String = "", listVersion: String = "") {
            self.code = code
            self.listID = listID
            self.listVersion = listVersion
        }
    }

    public struct Attribute: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }
}
