import FacturoDomain
import FacturoWire

/// Parsing of the text fields every organisation message carries.
enum WireArguments {
    /// `text` if it is within `limit`; `INVALID_ARGUMENT` naming the field
    /// and the limit otherwise (PROTOCOL.md, "Limits").
    @discardableResult
    static func bounded(_ text: String, _ limit: TextLimit) throws(WireError) -> String {
        do { try limit.check(text) } catch { throw WireError(error) }
        return text
    }

    static func structure(_ text: String) throws(WireError) -> StructureIdentifier {
        guard !text.isEmpty else { throw WireError(.invalidArgument, "structure manquante (SIRET ou TYPE:identifiant)") }
        do { return try StructureIdentifier(parsing: text) } catch { throw WireError(error) }
    }

    static func email(_ text: String) throws(WireError) -> EmailAddress {
        do { return try EmailAddress(text) } catch { throw WireError(error) }
    }

    static func application(_ text: String) throws(WireError) -> Application {
        do { return try .named(text) } catch { throw WireError(error) }
    }

    static func level(_ text: String) throws(WireError) -> AccessLevel {
        do { return try .named(text) } catch { throw WireError(error) }
    }

    static func optionalService(_ text: String) throws(WireError) -> String? {
        guard !text.isEmpty else { return nil }
        do { try Service.validate(code: text) } catch { throw WireError(error) }
        return text
    }
}
