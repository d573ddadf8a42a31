/// The longest text a free field accepts, in characters, and the field's
/// wire name for the error. Every free text that reaches storage, a log or
/// a search is bounded: the audit log keeps what it is given forever, and an
/// answer carrying it must fit in a frame.
public struct TextLimit: Sendable, Equatable {
    public let field: String
    public let maximum: Int

    public init(field: String, maximum: Int) {
        self.field = field
        self.maximum = maximum
    }

    /// `INVALID_ARGUMENT` naming the field and the limit when `text` is longer.
    public func check(_ text: String) throws(DomainError) {
        // Characters never outnumber UTF-8 bytes: most texts need no count.
        // One character may be many bytes (a letter and combining marks):
        // four bytes per character at most, whatever the count says.
        let bytes = text.utf8.count
        guard bytes > maximum else { return }
        guard bytes > maximum * 4 || text.count > maximum else { return }
        throw DomainError(violations: [DomainError.Violation(
            .invalidArgument, "\(field) : \(maximum) caractères au plus (\(text.count) reçus)", field: field
        )])!
    }

    /// A comment on a request or on its decision.
    public static let requestComment = TextLimit(field: "comment", maximum: 1_000)
    /// An administrator's notice to every session, and the drain notice.
    public static let notice = TextLimit(field: "text", maximum: 1_000)
    public static let drainNotice = TextLimit(field: "notice", maximum: 1_000)
    /// Directory search criteria.
    public static let searchName = TextLimit(field: "name", maximum: 200)
    public static let searchTown = TextLimit(field: "town", maximum: 100)
    public static let searchPostcode = TextLimit(field: "postcode", maximum: 20)
    public static let searchIdentifier = TextLimit(field: "identifier", maximum: 80)
    /// A login name as typed: an e-mail is at most 254 characters.
    public static let loginEmail = TextLimit(field: "email", maximum: 254)
    /// A password as typed at login: none longer can exist.
    public static let loginPassword = TextLimit(field: "password", maximum: PasswordPolicy.maximumLength)
    /// A session identifier named by an administrator.
    public static let sessionID = TextLimit(field: "session_id", maximum: 100)
    /// A directory import's identifier, chosen by the client.
    public static let importID = TextLimit(field: "import_id", maximum: 100)
    /// One column name of an import header, and one field of a record.
    public static let importColumn = TextLimit(field: "header", maximum: 100)
    public static let importField = TextLimit(field: "fields", maximum: 1_000)
}
