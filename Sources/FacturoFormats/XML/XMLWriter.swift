/// Writes indented XML into one string, escaping text and attributes.
/// `group` rolls back a group in which nothing was written, so that the
/// syntax writers can describe every group and only what is filled appears
/// (an empty `<cac:Delivery/>` would be a schema error).
struct XMLWriter {
    private(set) var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    private var depth = 0

    init(capacity: Int = 16 << 10) {
        text.reserveCapacity(capacity)
    }

    /// An element with `value` as its text; nothing when `value` is empty.
    mutating func leaf(_ name: String, _ value: String, _ attributes: [(String, String)] = []) {
        guard !value.isEmpty else { return }
        indent()
        text += "<" + name
        write(attributes)
        text += ">"
        Self.escape(value, into: &text, attribute: false)
        text += "</" + name + ">\n"
    }

    mutating func leaf(_ name: String, _ value: XMLDecimal?, _ attributes: [(String, String)] = []) {
        leaf(name, value?.text ?? "", attributes)
    }

    /// `body`'s elements inside `name`; nothing at all when `body` wrote none.
    mutating func group(_ name: String, _ attributes: [(String, String)] = [], _ body: (inout XMLWriter) -> Void) {
        let before = text.utf8.count
        indent()
        text += "<" + name
        write(attributes)
        text += ">\n"
        let opened = text.utf8.count
        depth += 1
        body(&self)
        depth -= 1
        if text.utf8.count == opened {
            text.removeSubrange(text.utf8.index(text.utf8.startIndex, offsetBy: before)..<text.endIndex)
            return
        }
        indent()
        text += "</" + name + ">\n"
    }

    /// An element with neither text nor children (`<a/>`).
    mutating func empty(_ name: String) {
        indent()
        text += "<" + name + "/>\n"
    }

    /// A root element, written even if empty, with its namespace declarations.
    mutating func root(_ name: String, _ attributes: [(String, String)], _ body: (inout XMLWriter) -> Void) {
        text += "<" + name
        write(attributes)
        text += ">\n"
        depth += 1
        body(&self)
        depth -= 1
        text += "</" + name + ">\n"
    }

    private mutating func write(_ attributes: [(String, String)]) {
        for (name, value) in attributes where !value.isEmpty {
            text += " " + name + "=\""
            Self.escape(value, into: &text, attribute: true)
            text += "\""
        }
    }

    private mutating func indent() {
        text += String(repeating: "  ", count: depth)
    }

    static func escape(_ value: String, into output: inout String, attribute: Bool) {
        for character in value.unicodeScalars {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"" where attribute: output += "&quot;"
            case "\r": output += "&#13;"
            case "\n" where attribute: output += "&#10;"
            case "\t" where attribute: output += "&#9;"
            default: output.unicodeScalars.append(character)
            }
        }
    }
}
