/// Where a structure is, as the directory shows it and as searches by
/// postcode or town use it. Every part is optional: foreign suppliers and
/// imported records often lack some.
public struct PostalAddress: Sendable, Equatable, Codable {
    public var line: String
    public var postcode: String
    public var town: String
    /// ISO 3166-1 alpha-2, FR by default.
    public var countryCode: String

    public init(line: String = "", postcode: String = "", town: String = "", countryCode: String = "FR") throws(DomainError) {
        let country = countryCode.isEmpty ? "FR" : countryCode.uppercased()
        guard country.count == 2, country.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw DomainError(.invalidAddress, "code pays invalide : \(countryCode.quotedForMessage) (ISO 3166, deux lettres)")
        }
        if country == "FR", !postcode.isEmpty, !(postcode.count == 5 && postcode.allSatisfy({ $0.isASCII && $0.isNumber })) {
            throw DomainError(.invalidAddress, "code postal invalide : \(postcode.quotedForMessage) (5 chiffres)")
        }
        guard line.count <= 300, town.count <= 100, postcode.count <= 20 else {
            throw DomainError(.invalidAddress, "adresse trop longue")
        }
        self.line = line
        self.postcode = postcode
        self.town = town
        self.countryCode = country
    }

    public static let empty = try! PostalAddress()
}
