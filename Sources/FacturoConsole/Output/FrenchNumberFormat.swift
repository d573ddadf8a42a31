/// Amounts as French readers expect them on a terminal: `6 400,00`
/// (no-break space between thousands, comma before decimals). Machine
/// formats (json, ndjson, csv) and captured variables keep plain `6400.00`.
///
/// Works on the decimal text itself, never through Double, so no amount
/// is ever rounded for display.
public enum FrenchNumberFormat {
    public static let groupSeparator: Character = "\u{00A0}"

    /// Whether `text` is a plain decimal with exactly two decimals (how
    /// the platform writes amounts).
    public static func isAmount(_ text: String) -> Bool {
        text.range(of: #"^-?\d+\.\d{2}$"#, options: .regularExpression) != nil
    }

    /// `6400.00` → `6 400,00`; anything that is not an amount is returned as is.
    public static func format(_ text: String) -> String {
        guard isAmount(text) else { return text }
        let negative = text.hasPrefix("-")
        let digits = negative ? text.dropFirst() : Substring(text)
        let parts = digits.split(separator: ".")
        var grouped = ""
        for (index, digit) in parts[0].reversed().enumerated() {
            if index > 0, index % 3 == 0 { grouped.append(groupSeparator) }
            grouped.append(digit)
        }
        return (negative ? "-" : "") + String(grouped.reversed()) + "," + parts[1]
    }
}

import Foundation
