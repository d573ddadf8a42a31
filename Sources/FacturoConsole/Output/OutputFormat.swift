/// How results are printed. `table` is for people; `json` and `csv` are
/// for programs and keep plain, stable values.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table
    case json
    /// One JSON object per line: a table's rows stream into `jq` and friends.
    case ndjson
    case csv
}

/// What a command produced, independent of how it is printed.
public enum CommandOutput: Sendable, Equatable {
    case none
    /// A sentence for people (ignored by machine formats' structure: printed as is).
    case message(String)
    /// A confirmation for people of what a command did (logged in, revoked):
    /// standard output in the table format; standard error in machine
    /// formats, so that standard output holds only the data documents.
    case notice(String)
    /// A result and a note for people about it (a list cut at its limit,
    /// and how to see more): the note goes where a `notice` goes.
    indirect case annotated(CommandOutput, note: String)

    /// The data part, and the sentence for people beside it.
    public var split: (data: CommandOutput, note: String?) {
        switch self {
        case let .notice(text): (.none, text)
        case let .annotated(inner, note): (inner.split.data, note)
        default: (self, nil)
        }
    }
    /// One object: ordered field names and values.
    case record([Field])
    /// Rows with the same columns, in a stable order.
    case table(columns: [String], rows: [[String]])

    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }
}
