import FacturoDomain
/// The parties of a structured invoice (BG-4 seller, BG-7 buyer, BG-10
/// payee, BG-11 tax representative) and the delivery (BG-13).
extension StructuredInvoice {
    /// BG-4 / BG-7: the seller's terms BT-27…BT-43, the buyer's BT-44…BT-58.
    public struct Party: Sendable, Equatable {
        /// BT-27 / BT-44.
        public var name = ""
        /// BT-28 / BT-45.
        public var tradingName = ""
        /// BT-29 / BT-46, each with its scheme (`0009`: SIRET).
        public var identifiers: [Identifier] = []
        /// BT-30 / BT-47 with BT-30-1 / BT-47-1.
        public var legalRegistration: Identifier?
        /// BT-31 / BT-48.
        public var vatIdentifier = ""
        /// BT-32 (seller only).
        public var taxRegistration = ""
        /// BT-33 (seller only).
        public var additionalLegalInformation = ""
        /// BT-34 / BT-49 with their scheme.
        public var electronicAddress: Identifier?
        /// BG-5 / BG-8.
        public var address: Address?
        /// BG-6 / BG-9.
        public var contact: Contact?
        public init() {}

        /// The SIRET the party names, scheme `0009`: an identifier first,
        /// then its legal registration, then its electronic address.
        public var siret: String? {
            let candidates = identifiers + [legalRegistration, electronicAddress].compactMap { $0 }
            return candidates.first { $0.scheme == StructuredInvoice.siretScheme }?.value
        }
    }

    /// ISO 6523 ICD of the SIRET.
    public static let siretScheme = "0009"

    /// BG-5, BG-8, BG-12, BG-15.
    public struct Address: Sendable, Equatable {
        /// BT-35 / BT-50 / BT-64 / BT-75.
        public var line1 = ""
        /// BT-36 / BT-51 / BT-65 / BT-76.
        public var line2 = ""
        /// BT-162 / BT-163 / BT-164 / BT-165.
        public var line3 = ""
        /// BT-37 / BT-52 / BT-66 / BT-77.
        public var city = ""
        /// BT-38 / BT-53 / BT-67 / BT-78.
        public var postcode = ""
        /// BT-39 / BT-54 / BT-68 / BT-79.
        public var subdivision = ""
        /// BT-40 / BT-55 / BT-69 / BT-80 (ISO 3166-1 alpha-2).
        public var country = ""
        public init() {}
    }

    /// BG-6 / BG-9.
    public struct Contact: Sendable, Equatable {
        /// BT-41 / BT-56.
        public var name = ""
        /// BT-42 / BT-57.
        public var telephone = ""
        /// BT-43 / BT-58.
        public var email = ""
        public init() {}
    }

    /// BG-10: BT-59 name, BT-60 identifier, BT-61 legal registration.
    public struct Payee: Sendable, Equatable {
        public var name = ""
        public var identifier: Identifier?
        public var legalRegistration: Identifier?
        public init() {}
    }

    /// BG-11: BT-62 name, BT-63 VAT identifier, BG-12 address.
    public struct TaxRepresentative: Sendable, Equatable {
        public var name = ""
        public var vatIdentifier = ""
        public var address: Address?
        public init() {}
    }

    /// BG-13: BT-70 party name, BT-71 location, BT-72 date, BG-15 address.
    public struct Delivery: Sendable, Equatable {
        public var partyName = ""
        public var locationIdentifier: Identifier?
        public var date = ""
        public var address: Address?
        public init() {}
    }

    /// BG-16: BT-81 means code, BT-82 text, BT-83 remittance, BG-17
    /// transfers, BG-18 card, BG-19 direct debit.
    public struct PaymentInstructions: Sendable, Equatable {
        public var meansCode = ""
        public var meansText = ""
        public var remittanceInformation = ""
        public var transfers: [CreditTransfer] = []
        /// BT-87 (last digits), BT-88 holder.
        public var cardNumber = ""
        public var cardHolder = ""
        /// BT-89 mandate, BT-90 creditor identifier, BT-91 debited account.
        public var mandateReference = ""
        public var creditorIdentifier = ""
        public var debitedAccount = ""
        public init() {}

        /// Codes 30 and 58 (credit transfer, SEPA credit transfer) need an account (BR-50, BR-61).
        public var isCreditTransfer: Bool { ["30", "58"].contains(meansCode) }
    }

    /// BG-17: BT-84 account, BT-85 name, BT-86 provider (BIC).
    public struct CreditTransfer: Sendable, Equatable {
        public var account: String
        public var accountName: String
        public var provider: String
        public init(account: String, accountName: String = "", provider: String = "") {
            self.account = account
            self.accountName = accountName
            self.provider = provider
        }
    }
}
