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
        // On the UTF-8 bytes: a SIRET is parsed for every request that
        // names a structure, and Character-wise checks showed in profiles.
        let bytes = raw.utf8.filter { $0 != UInt8(ascii: " ") }
        guard bytes.count == 14, bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw DomainError(.invalidSiret, "SIRET invalide : \(raw.quotedForMessage) (14 chiffres attendus)")
        }
        let values = bytes.map { Int($0 - UInt8(ascii: "0")) }
        guard Self.checksumIsValid(values) else {
            throw DomainError(.invalidSiret, "SIRET invalide : \(raw.quotedForMessage) (clé de contrôle incorrecte)")
        }
        value = bytes.count == raw.utf8.count ? raw : String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { value }

    /// The SIREN (first nine digits): the legal unit the establishment belongs to.
    public var siren: Substring { value.prefix(9) }

    static func checksumIsValid(_ values: [Int]) -> Bool {
        if values.starts(with: [3, 5, 6, 0, 0, 0, 0, 0, 0]) {
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
