/// A SIRET: the 14-digit identifier of a French establishment.
///
/// Valid when its digits pass the Luhn check, except for La Poste's
/// establishments (SIREN 356000000), which use a sum of digits divisible
/// by 5 instead. Invalid data is refused, never silently corrected.
public struct Siret: Hashable, Sendable, Codable, CustomStringConvertible {
    public let value: String

    /// The single structure shared by every State service.
    public static let etat = try! Siret("11000201100044")

    public init(_ raw: String) throws(DomainError) {
        let digits = raw.filter { $0 != " " }
        guard digits.count == 14, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw DomainError(.invalidSiret, "SIRET invalide : « \(raw) » (14 chiffres attendus)")
        }
        guard Self.checksumIsValid(digits) else {
            throw DomainError(.invalidSiret, "SIRET invalide : « \(raw) » (clé de contrôle incorrecte)")
        }
        value = digits
    }

    public var description: String { value }

    /// The SIREN (first nine digits): the legal unit the establishment belongs to.
    public var siren: Substring { value.prefix(9) }

    static func checksumIsValid(_ digits: String) -> Bool {
        let values = digits.compactMap { $0.wholeNumberValue }
        if digits.hasPrefix("356000000") {
            return values.reduce(0, +) % 5 == 0
        }
        return luhnSum(values) % 10 == 0
    }

    /// Whether these digits pass the Luhn check (test data generators need it).
    public static func luhnKeyIsValid(_ digits: [Int]) -> Bool {
        luhnSum(digits) % 10 == 0
    }

    static func luhnSum(_ values: [Int]) -> Int {
        var sum = 0
        for (offset, value) in values.reversed().enumerated() {
            if offset % 2 == 1 {
                let doubled = value * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += value
            }
        }
        return sum
    }
}
