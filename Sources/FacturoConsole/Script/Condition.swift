import Foundation

/// The comparisons `if` and `expect` understand, on words already expanded:
/// `A == B`, `A != B`, `A < B` (and `<=`, `>`, `>=`, numeric when both sides
/// are numbers), `A =~ REGEX`, `A !~ REGEX`, a lone word (true unless empty,
/// `0`, `false` or `no`), and `not` before any of them. Deliberately no more:
/// scripts stay scenarios, not programs.
public struct Condition: Equatable, Sendable {
    public enum Operator: String, Sendable, CaseIterable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case matches = "=~", notMatches = "!~"
    }

    public var negated: Bool
    public var left: String
    public var comparison: (Operator, String)?

    public static func == (a: Condition, b: Condition) -> Bool {
        a.negated == b.negated && a.left == b.left && a.comparison?.0 == b.comparison?.0 && a.comparison?.1 == b.comparison?.1
    }

    public init(words: [String]) throws(ConsoleError) {
        var words = words[...]
        negated = words.first == "not"
        if negated { words = words.dropFirst() }
        switch words.count {
        case 1:
            left = words.first!
            comparison = nil
        case 3:
            let parts = Array(words)
            guard let op = Operator(rawValue: parts[1]) else {
                throw .usage("opérateur inconnu « \(parts[1]) » (attendu : \(Operator.allCases.map(\.rawValue).joined(separator: " ")))")
            }
            left = parts[0]
            comparison = (op, parts[2])
        default:
            throw .usage("condition attendue : VALEUR, ou VALEUR OPÉRATEUR VALEUR (mettre entre guillemets les valeurs avec espaces)")
        }
    }

    public func evaluate() throws(ConsoleError) -> Bool {
        let result: Bool
        if let (op, right) = comparison {
            result = try Self.compare(left, op, right)
        } else {
            result = !["", "0", "false", "no", "non"].contains(left.lowercased())
        }
        return negated ? !result : result
    }

    /// Expected vs actual, for a failed `expect`.
    public var explanation: String {
        guard let (op, right) = comparison else {
            return negated ? "attendu : valeur fausse ou vide, obtenu : « \(left) »" : "attendu : valeur vraie, obtenu : « \(left) »"
        }
        return "attendu : « \(left) » \(negated ? "non " : "")\(op.rawValue) « \(right) »"
    }

    private static func compare(_ left: String, _ op: Operator, _ right: String) throws(ConsoleError) -> Bool {
        switch op {
        case .equal: return left == right
        case .notEqual: return left != right
        case .matches, .notMatches:
            guard let regex = try? NSRegularExpression(pattern: right) else { throw .usage("expression régulière invalide : \(right)") }
            let found = regex.firstMatch(in: left, range: NSRange(left.startIndex..., in: left)) != nil
            return op == .matches ? found : !found
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            // Exact decimals: amounts must compare exactly, never as Double.
            let ordering: ComparisonResult
            if let a = Decimal(string: left, locale: Locale(identifier: "en_US_POSIX")), let b = Decimal(string: right, locale: Locale(identifier: "en_US_POSIX")),
               Self.isNumber(left), Self.isNumber(right) {
                ordering = a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
            } else {
                ordering = left.compare(right)
            }
            switch op {
            case .less: return ordering == .orderedAscending
            case .lessOrEqual: return ordering != .orderedDescending
            case .greater: return ordering == .orderedDescending
            default: return ordering != .orderedAscending
            }
        }
    }

    private static func isNumber(_ text: String) -> Bool {
        text.range(of: #"^-?\d+(\.\d+)?$"#, options: .regularExpression) != nil
    }
}
