import Foundation

/// An invoice header as typed (console flags, wire fields, a draft being
/// written): every value still text, nil where not given. `resolve` turns it
/// into an `InvoiceHeader`, reporting every wrong value at once; `merged`
/// applies an update. Drafts are stored in this form, so a draft may be
/// incomplete or wrong until it is sent.
public struct InvoiceHeaderFields: Sendable, Equatable, Codable {
    public var number: String?
    public var date: String?
    public var currency: String?
    public var type: String?
    public var vatType: String?
    public var paymentMode: String?
    public var frame: String?
    public var supplierService: String?
    public var bankAccount: String?
    public var recipient: String?
    public var recipientService: String?
    public var engagement: String?
    public var contract: String?
    public var originalInvoice: String?
    public var exemptionReason: String?
    public var comment: String?
    public var globalDiscount: String?
    public var discountReason: String?

    public init() {}

    /// Every field of `update` that is set replaces this one's.
    public func merged(with update: InvoiceHeaderFields) -> InvoiceHeaderFields {
        var merged = self
        let paths: [WritableKeyPath<InvoiceHeaderFields, String?>] = Self.allPaths
        for path in paths where update[keyPath: path] != nil { merged[keyPath: path] = update[keyPath: path] }
        return merged
    }

    static var allPaths: [WritableKeyPath<InvoiceHeaderFields, String?>] {[
        \.number, \.date, \.currency, \.type, \.vatType, \.paymentMode, \.frame, \.supplierService, \.bankAccount, \.recipient,
        \.recipientService, \.engagement, \.contract, \.originalInvoice, \.exemptionReason, \.comment, \.globalDiscount, \.discountReason,
    ]}

    /// The longest text any field may hold before it is even parsed.
    public static let fieldLimit = 1_000

    /// The typed header, defaults applied (date: the deposit day; EUR;
    /// FACTURE; TVA_SUR_DEBIT; VIREMENT; A1); every wrong value reported.
    /// `number` stands in when the header has none (a draft's TMP number).
    public func resolve(supplier: StructureIdentifier, depositDay: CalendarDate, number fallbackNumber: String? = nil) throws(DomainError) -> InvoiceHeader {
        var violations: [DomainError.Violation] = []
        func value<T>(_ field: String, _ make: () throws(DomainError) -> T) -> T? {
            do { return try make() } catch {
                violations += error.violations.isEmpty ? [.init(error.code, "\(field) : \(error.message)", field: field)] : error.violations
                return nil
            }
        }
        for path in Self.allPaths {
            if let text = self[keyPath: path], text.count > Self.fieldLimit {
                violations.append(.init(.invalidArgument, "en-tête : \(Self.fieldLimit) caractères au plus par champ", field: "header"))
                throw DomainError(violations: violations)!
            }
        }
        let date = value("date") { () throws(DomainError) in try self.date.map(CalendarDate.init) ?? depositDay }
        let type = value("type") { () throws(DomainError) in try self.type.map(InvoiceType.named) ?? .facture }
        let vatRegime = value("vat_type") { () throws(DomainError) in try self.vatType.map(VATRegime.named) ?? .surDebit }
        let payment = value("payment_mode") { () throws(DomainError) in try self.paymentMode.map(PaymentMode.named) ?? .virement }
        let frame = value("frame") { () throws(DomainError) in try BillingFrame.parsing(self.frame ?? "") }
        var recipientID: StructureIdentifier?
        if let recipient = self.recipient?.trimmingSpaces(), !recipient.isEmpty {
            recipientID = value("recipient") { () throws(DomainError) in try StructureIdentifier(parsing: recipient) }
        } else {
            violations.append(.init(.routingRecipientUnknown, "recipient : destinataire obligatoire (SIRET)", field: "recipient"))
        }
        if let error = DomainError(violations: violations) { throw error }
        return InvoiceHeader(
            number: (number ?? fallbackNumber ?? "").trimmingSpaces(), date: date!, currency: (currency ?? "EUR").trimmingSpaces().uppercased(),
            type: type!, vatRegime: vatRegime!, paymentMode: payment!, frame: frame!, supplier: supplier,
            supplierService: (supplierService ?? "").trimmingSpaces(), supplierBankAccount: (bankAccount ?? "").trimmingSpaces(),
            recipient: recipientID!, recipientService: (recipientService ?? "").trimmingSpaces(), engagement: (engagement ?? "").trimmingSpaces(),
            contract: (contract ?? "").trimmingSpaces(), originalInvoice: (originalInvoice ?? "").trimmingSpaces(),
            exemptionReason: (exemptionReason ?? "").trimmingSpaces(), comment: (comment ?? "").trimmingSpaces()
        )
    }

    /// Checks the given fields each on its own (codes, dates, identifier,
    /// number, discount, lengths), for a draft that may still be incomplete.
    public func checkGiven() throws(DomainError) {
        var probe = self
        if (probe.recipient ?? "").trimmingSpaces().isEmpty { probe.recipient = StructureIdentifier.etat.description }
        var violations: [DomainError.Violation] = []
        do { _ = try probe.resolve(supplier: .etat, depositDay: try CalendarDate("2000-01-01")) } catch { violations += error.violations }
        if let number = number?.trimmingSpaces(), !number.isEmpty, let violation = InvoiceChecks.numberViolation(number) { violations.append(violation) }
        do { _ = try resolvedDiscount() } catch { violations += error.violations }
        if let error = DomainError(violations: violations) { throw error }
    }

    /// The global discount (TTC) as a decimal, 0 when not given.
    public func resolvedDiscount() throws(DomainError) -> Decimal {
        guard let text = globalDiscount, !text.isEmpty else { return 0 }
        return try ExactDecimal.parse(text, scale: .amount, field: "global_discount")
    }
}

extension InvoiceLine: Codable {
    private enum Keys: String, CodingKey {
        case reference, designation, quantity, unit, unitPrice = "unit_price", discount, vatRate = "vat_rate"
    }

    /// Decimals as text with their places (`20.0000`, `320.000000`): a
    /// draft's lines read back exactly as they were typed.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(reference, forKey: .reference)
        try container.encode(designation, forKey: .designation)
        try container.encode(ExactDecimal.text(quantity, .quantity), forKey: .quantity)
        try container.encode(unit, forKey: .unit)
        try container.encode(ExactDecimal.text(unitPrice, .unitPrice), forKey: .unitPrice)
        try container.encode(ExactDecimal.text(discount, .amount), forKey: .discount)
        try container.encode(vatRate.description, forKey: .vatRate)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        try self.init(
            reference: container.decode(String.self, forKey: .reference), designation: container.decode(String.self, forKey: .designation),
            quantity: container.decode(String.self, forKey: .quantity), unit: container.decode(String.self, forKey: .unit),
            unitPrice: container.decode(String.self, forKey: .unitPrice), discount: container.decode(String.self, forKey: .discount),
            vatRate: container.decode(String.self, forKey: .vatRate), field: "line"
        )
    }
}
