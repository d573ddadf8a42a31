import Foundation

/// Exact decimals for invoices: read from text strictly (never through
/// Double), with a bounded number of places, and rounded one way only,
/// half away from zero, as the reference and EN 16931 examples do.
///
/// Foundation's `Decimal` holds them exactly (38 significant digits); its
/// `.plain` rounding mode is half away from zero for both signs.
public enum ExactDecimal {
    /// Places kept: amounts 2, unit prices 6, quantities 4.
    public enum Scale: Int, Sendable {
        case amount = 2
        case quantity = 4
        case unitPrice = 6
    }

    /// Made once: building a locale costs more than the parse it serves.
    public static let posix = Locale(identifier: "en_US_POSIX")

    /// `value` rounded to `scale` places, half away from zero.
    public static func rounded(_ value: Decimal, _ scale: Scale) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, scale.rawValue, .plain)
        return output
    }

    /// `text` as a decimal with at most `scale` places: optional `-`,
    /// digits, optional `.` and digits (no exponent, no grouping, no comma:
    /// the console turns `6 400,00` into `6400.00` before it gets here).
    /// `field` names it in the refusal (`INVALID_AMOUNT`).
    public static func parse(_ text: String, scale: Scale, field: String) throws(DomainError) -> Decimal {
        let bytes = Array(text.utf8)
        var index = bytes.first == UInt8(ascii: "-") ? 1 : 0
        let integerStart = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        let integerDigits = index - integerStart
        var fractionDigits = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            fractionDigits = index - fractionStart
            guard fractionDigits > 0 else { throw invalid(text, scale: scale, field: field) }
        }
        guard index == bytes.count, integerDigits > 0, integerDigits <= 15, fractionDigits <= scale.rawValue,
              let value = Decimal(string: text, locale: posix) else {
            throw invalid(text, scale: scale, field: field)
        }
        return value
    }

    /// `value` written with exactly `scale` places (`6400.00`), as the wire
    /// and machine formats carry amounts.
    public static func text(_ value: Decimal, _ scale: Scale) -> String {
        // Fast path: the rounded value as an integer count of its smallest
        // unit (`6400.00` is 640000), written with its point; the string
        // route below costs several times more and every amount of every
        // invoice read or certified goes through here.
        let units = rounded(value, scale) * power(scale)
        if units.magnitude < Decimal(Int64.max / 10), let whole = Int64(exactly: NSDecimalNumber(decimal: units).int64Value as Int64),
           Decimal(whole) == units {
            let digits = String(whole.magnitude)
            let places = scale.rawValue
            let padded = digits.count <= places ? String(repeating: "0", count: places - digits.count + 1) + digits : digits
            let cut = padded.index(padded.endIndex, offsetBy: -places)
            return (whole < 0 ? "-" : "") + padded[..<cut] + "." + padded[cut...]
        }
        // `NSDecimalNumber.stringValue` is locale-free: digits, `-`, `.`.
        let plain = NSDecimalNumber(decimal: rounded(value, scale)).stringValue
        let parts = plain.split(separator: ".", maxSplits: 1)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return String(parts[0]) + "." + fraction + String(repeating: "0", count: max(0, scale.rawValue - fraction.count))
    }

    private static func power(_ scale: Scale) -> Decimal {
        switch scale {
        case .amount: 100
        case .quantity: 10_000
        case .unitPrice: 1_000_000
        }
    }

    private static func invalid(_ text: String, scale: Scale, field: String) -> DomainError {
        DomainError(violations: [DomainError.Violation(
            .invalidAmount, "\(field) : \(text.quotedForMessage) n'est pas un nombre décimal à \(scale.rawValue) décimales au plus (ex. 1234.50)", field: field
        )])!
    }
}
