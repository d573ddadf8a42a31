import CHaru
import Foundation

/// A thin cursor over libharu (Debian libhpdf): A4 pages, Helvetica in
/// WinAnsi (the Latin-1 repertoire French needs, € included), text placed
/// top to bottom, a new page when the current one is full. libharu writes
/// the PDF itself; this only lays text out.
final class PDFCanvas {
    static let width: Float = 595.28
    static let height: Float = 841.89
    static let margin: Float = 42
    static let longestLine = 300

    private let document: HPDF_Doc
    private let regular: HPDF_Font
    private let bold: HPDF_Font
    private var page: HPDF_Page?
    private(set) var y: Float = 0
    private(set) var pageCount = 0
    /// Written at the foot of every page.
    var footer = ""

    init?() {
        guard let document = HPDF_New(nil, nil) else { return nil }
        self.document = document
        HPDF_SetCompressionMode(document, UInt32(HPDF_COMP_ALL))
        guard let regular = HPDF_GetFont(document, "Helvetica", "WinAnsiEncoding"),
              let bold = HPDF_GetFont(document, "Helvetica-Bold", "WinAnsiEncoding") else {
            HPDF_Free(document)
            return nil
        }
        self.regular = regular
        self.bold = bold
        newPage()
    }

    deinit {
        HPDF_Free(document)
    }

    func newPage() {
        if let page { writeFooter(on: page) }
        let page = HPDF_AddPage(document)
        HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT)
        self.page = page
        pageCount += 1
        y = Self.height - Self.margin
    }

    /// Room for `height` points, or a new page.
    func need(_ height: Float) {
        if y - height < Self.margin + 20 { newPage() }
    }

    /// `text` at `x` on the current line, cut to `width` with an ellipsis.
    func text(_ text: String, x: Float, size: Float = 9, bold isBold: Bool = false, width: Float? = nil, alignRight: Bool = false) {
        guard let page else { return }
        let font = isBold ? bold : regular
        HPDF_Page_SetFontAndSize(page, font, size)
        // No line of an A4 page holds more than about 300 characters: a
        // longer text is cut first, so that fitting it costs the same for
        // a 5 MB item name as for a short one.
        var bytes = Array(Self.winAnsi(String(text.prefix(Self.longestLine))))
        if let width, measure(bytes, page: page) > width {
            // The longest prefix that fits with its ellipsis, by bisection.
            var low = 0
            var high = bytes.count
            while low < high {
                let middle = (low + high + 1) / 2
                if measure(Array(bytes[..<middle]) + [0x85], page: page) <= width { low = middle } else { high = middle - 1 }
            }
            bytes = Array(bytes[..<low]) + [0x85] // …
        }
        let left = alignRight ? x - measure(bytes, page: page) : x
        HPDF_Page_BeginText(page)
        bytes.append(0)
        _ = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { HPDF_Page_TextOut(page, left, y, $0) }
        }
        HPDF_Page_EndText(page)
    }

    /// Moves down by `points`.
    func down(_ points: Float) {
        y -= points
    }

    /// Back to a line of the current page (two blocks side by side).
    func move(to y: Float) {
        self.y = y
    }

    func rule() {
        guard let page else { return }
        HPDF_Page_SetLineWidth(page, 0.5)
        HPDF_Page_MoveTo(page, Self.margin, y + 3)
        HPDF_Page_LineTo(page, Self.width - Self.margin, y + 3)
        HPDF_Page_Stroke(page)
    }

    /// The document's bytes; nil when libharu reported an error.
    func finish(title: String) -> Data? {
        if let page { writeFooter(on: page) }
        HPDF_SetInfoAttr(document, HPDF_INFO_TITLE, title)
        HPDF_SetInfoAttr(document, HPDF_INFO_CREATOR, "Facturo")
        guard HPDF_SaveToStream(document) == HPDF_OK else { return nil }
        var size = HPDF_GetStreamSize(document)
        var data = Data(count: Int(size))
        let status = data.withUnsafeMutableBytes { HPDF_ReadFromStream(document, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), &size) }
        guard status == HPDF_OK || status == HPDF_STREAM_EOF, HPDF_GetError(document) == HPDF_OK || status == HPDF_STREAM_EOF else { return nil }
        return data.prefix(Int(size))
    }

    private func writeFooter(on page: HPDF_Page) {
        HPDF_Page_SetFontAndSize(page, regular, 7)
        var bytes = Self.winAnsi("\(footer)   page \(pageCount)")
        bytes.append(0)
        HPDF_Page_BeginText(page)
        _ = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { HPDF_Page_TextOut(page, Self.margin, Self.margin - 10, $0) }
        }
        HPDF_Page_EndText(page)
    }

    private func measure(_ bytes: [UInt8], page: HPDF_Page) -> Float {
        var terminated = bytes
        terminated.append(0)
        return terminated.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { HPDF_Page_TextWidth(page, $0) }
        }
    }

    /// `text` in Windows-1252 (WinAnsi); what it cannot hold becomes `?`.
    /// Control characters never reach the page.
    static func winAnsi(_ text: String) -> [UInt8] {
        let cleaned = String(text.unicodeScalars.map { $0.value < 0x20 ? " " : Character($0) })
        return Array(cleaned.data(using: .windowsCP1252, allowLossyConversion: true) ?? Data())
    }
}
