/// What a structured file may cost the reader, whoever sent it. A file
/// over a limit is refused with a code before it can cost more.
public struct XMLLimits: Sendable, Equatable {
    /// The whole file, in bytes (the deposit upload's own limit).
    public var maximumFileBytes: Int
    /// All embedded attachments of one file, decoded (BT-125).
    public var maximumAttachmentBytes: Int
    /// Element nesting; UBL and CII invoices stay under 12.
    public var maximumDepth: Int

    public init(maximumFileBytes: Int = 10 << 20, maximumAttachmentBytes: Int = 10 << 20, maximumDepth: Int = 48) {
        self.maximumFileBytes = maximumFileBytes
        self.maximumAttachmentBytes = maximumAttachmentBytes
        self.maximumDepth = maximumDepth
    }

    public static let standard = XMLLimits()
}
