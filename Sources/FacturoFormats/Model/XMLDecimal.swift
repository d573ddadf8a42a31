import FacturoDomain
import Foundation

/// A number as an XML invoice writes it: the text kept verbatim (the
/// decimal rules count its places, and a round trip writes it back as it
/// came), its exact value read once. `value` is nil when the text is not
/// an `xs:decimal` (`12,50`, `1e3`): the checks report it, nothing guesses.
public struct XMLDecimal: Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public let value: Decimal?

    public init(_ text: String) {
        let trimmed = text.trimmingXMLWhitespace
        self.text = trimmed
        value = Self.parse(trimmed)
    }

    /// An amount written with exactly two places, as the exchange writes its own.
    public init(amount: Decimal) {
        self.init(ExactDecimal.text(amount, .amount))
    }

    /// A value written with up to `places` places and no trailing zeros
    /// beyond two (quantities, prices, rates).
    public init(_ value: Decimal, places: ExactDecimal.Scale) {
        var text = ExactDecimal.text(value, places)
        while text.hasSuffix("0"), let point = text.firstIndex(of: "."), text.distance(from: point, to: text.endIndex) > 3 { text.removeLast() }
        self.init(text)
    }

    /// Digits after the point, as written (`12.500` has 3).
    public var places: Int {
        guard let point = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: text.index(after: point), to: text.endIndex)
    }

    /// Characters other than the sign and the point: the French rules cap them at 19.
    public var digitCount: Int { text.utf8.filter { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count }

    public var description: String { text }

    /// `xs:decimal`: optional sign, digits, optional point and digits, at
    /// least one digit. Read without Double, and without Foundation's
    /// string scanner for the usual short amounts (it costs more than the
    /// rest of a line's reading).
    static func parse(_ text: String) -> Decimal? {
        var negative = false
        var significand: UInt64 = 0
        var digits = 0
        var fraction = 0
        var seenPoint = false
        var overflow = false
        var index = 0
        for byte in text.utf8 {
            defer { index += 1 }
            switch byte {
            case UInt8(ascii: "-") where index == 0: negative = true
            case UInt8(ascii: "+") where index == 0: break
            case UInt8(ascii: "."):
                if seenPoint { return nil }
                seenPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                if seenPoint { fraction += 1 }
                if significand > (UInt64.max - 9) / 10 { overflow = true } else { significand = significand * 10 + UInt64(byte - UInt8(ascii: "0")) }
            default: return nil
            }
        }
        guard digits > 0, digits <= 38 else { return nil }
        if overflow {
            let plain = text.hasPrefix("+") ? String(text.dropFirst()) : text
            return Decimal(string: plain, locale: ExactDecimal.posix)
        }
        // A negative zero would be Foundation's NaN (sign bit, no digits).
        return Decimal(sign: negative && significand != 0 ? .minus : .plus, exponent: -fraction, significand: Decimal(significand))
    }
}

extension XMLDecimal {
    /// The value, or 0 where absent or unreadable (sums in the checks; the
    /// unreadable text is reported by its own rule).
    static func sum(_ values: [XMLDecimal?]) -> Decimal {
        values.reduce(Decimal(0)) { $0 + ($1?.value ?? 0) }
    }
}
