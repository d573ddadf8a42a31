import FacturoDomain
@testable import FacturoFormats
import Foundation
import Testing

/// Never trust the file: each attack is a coded refusal, in bounded time
/// and memory (the limits are checked before the work they bound).
@Suite("Hostile XML")
struct HostileXMLTests {
    static let invoiceOpen = "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\" xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\" xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\">"

    func refusal(_ text: String, limits: XMLLimits = .standard) -> DomainError? {
        refusal(Data(text.utf8), limits: limits)
    }

    func refusal(_ data: Data, limits: XMLLimits = .standard) -> DomainError? {
        do {
            _ = try StructuredInvoiceReader.read(data, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test("an external entity (XXE) is refused before anything is fetched")
    func externalEntity() {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE Invoice [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
        \(Self.invoiceOpen)<cbc:ID>&secret;</cbc:ID></Invoice>
        """
        let error = refusal(xml)
        #expect(error?.code == .invalidXML)
        #expect(error?.message.contains("ligne 2") == true)
        #expect(error?.message.contains("DOCTYPE") == true)
    }

    @Test("a billion laughs never expands")
    func billionLaughs() {
        var declarations = "<!ENTITY lol0 \"lol\">"
        for level in 1...9 { declarations += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">" }
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE Invoice [\(declarations)]>\(Self.invoiceOpen)<cbc:ID>&lol9;</cbc:ID></Invoice>"
        #expect(refusal(xml)?.code == .invalidXML)
    }

    @Test("a DTD hidden after comments and processing instructions is found")
    func hiddenDoctype() {
        let xml = "<?xml version=\"1.0\"?>\n<!-- a comment with <!DOCTYPE inside -->\n<?pi data?>\n<!DOCTYPE x SYSTEM \"http://evil/x.dtd\">\(Self.invoiceOpen)</Invoice>"
        let error = refusal(xml)
        #expect(error?.code == .invalidXML)
        #expect(error?.message.contains("ligne 4") == true)
    }

    @Test("10 000-deep nesting stops at the depth limit")
    func deepNesting() {
        let xml = Self.invoiceOpen + String(repeating: "<cac:X>", count: 10_000) + String(repeating: "</cac:X>", count: 10_000) + "</Invoice>"
        let error = refusal(xml)
        #expect(error?.code == .invalidXML)
        #expect(error?.message.contains("imbrication") == true)
    }

    @Test("a wrong encoding declaration, UTF-16 and bytes that are not UTF-8 are refused")
    func encodings() {
        #expect(refusal("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\(Self.invoiceOpen)</Invoice>")?.message.contains("UTF-8") == true)
        let utf16 = Data([0xFF, 0xFE]) + ("\(Self.invoiceOpen)</Invoice>".data(using: .utf16LittleEndian) ?? Data())
        #expect(refusal(utf16)?.code == .invalidXML)
        var latin1 = Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\(Self.invoiceOpen)<cbc:ID>".utf8)
        latin1.append(contentsOf: [0x46, 0xE9, 0x65]) // "Fée" in Latin-1 declared as UTF-8
        latin1.append(Data("</cbc:ID></Invoice>".utf8))
        #expect(refusal(latin1)?.code == .invalidXML)
    }

    @Test("malformed XML names its line and column")
    func malformed() {
        let error = refusal("\(Self.invoiceOpen)\n<cbc:ID>1</cbc:Id>\n</Invoice>")
        #expect(error?.code == .invalidXML)
        #expect(error?.message.contains("ligne 2") == true)
        #expect(refusal("")?.code == .invalidXML)
        #expect(refusal("not xml at all")?.code == .invalidXML)
    }

    @Test("XML that is neither UBL nor CII is UNSUPPORTED_FORMAT")
    func otherRoots() {
        #expect(refusal("<html><body/></html>")?.code == .unsupportedFormat)
        // The right local name in another namespace is no invoice.
        #expect(refusal("<Invoice xmlns=\"urn:example:not-ubl\"><ID>1</ID></Invoice>")?.code == .unsupportedFormat)
        #expect(refusal("<Invoice><ID>1</ID></Invoice>")?.code == .unsupportedFormat)
    }

    @Test("namespaces are matched by URI, never by prefix")
    func namespaceTricks() throws {
        // Any prefix bound to UBL's namespaces reads the same.
        let renamed = """
        <u:Invoice xmlns:u="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:b="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><b:ID>A-1</b:ID></u:Invoice>
        """
        #expect(try StructuredInvoiceReader.read(Data(renamed.utf8)).invoice.number == "A-1")
        // The usual prefix bound to another namespace is not read as UBL's.
        let spoofed = """
        \(Self.invoiceOpen)<cbc:ID>A-1</cbc:ID><x:ID xmlns:x="urn:evil">EVIL</x:ID><cbc:IssueDate xmlns:cbc="urn:evil">2020-01-01</cbc:IssueDate></Invoice>
        """
        let read = try StructuredInvoiceReader.read(Data(spoofed.utf8)).invoice
        #expect(read.number == "A-1")
        #expect(read.issueDate == "")
    }

    @Test("a tag of 700 000 attributes is refused before the parser compares them with each other")
    func manyAttributes() {
        let attributes = (0..<700_000).map { "a\($0)=\"1\"" }.joined(separator: " ")
        let xml = "<?xml version=\"1.0\"?>\n\(Self.invoiceOpen)<cbc:ID \(attributes)>F1</cbc:ID></Invoice>"
        #expect(xml.utf8.count < XMLLimits.standard.maximumFileBytes)
        let error = refusal(xml)
        #expect(error?.code == .invalidXML)
        #expect(error?.message.hasPrefix("ligne 2, colonne \(Self.invoiceOpen.utf8.count + 1) : plus de 64 attributs") == true)
    }

    @Test("namespace declarations are counted while in scope, wherever they hide")
    func manyNamespaceDeclarations() {
        let nested = (0..<40).map { level in "<cac:Note " + (0..<4).map { "xmlns:p\(level)x\($0) = 'urn:x:\($0)'" }.joined(separator: "\n ") + ">" }.joined()
        let closing = String(repeating: "</cac:Note>", count: 40)
        let error = refusal("\(Self.invoiceOpen)\(nested)\(closing)</Invoice>")
        #expect(error?.code == .invalidXML)
        #expect(error?.message.contains("plus de 128 déclarations d'espace de noms (xmlns) en vigueur") == true)
        // The same declarations repeated on 200 sibling elements are never more than 4 in scope.
        let siblings = (0..<200).map { _ in "<cac:Note " + (0..<4).map { "xmlns:p\($0)=\"urn:x:\($0)\"" }.joined(separator: " ") + ">n</cac:Note><cbc:Note xmlns:cbc=\"urn:x\"/>" }.joined()
        #expect(throws: Never.self) { try XMLTagCheck.check("\(Self.invoiceOpen)\(siblings)</Invoice>") }
        // An attribute merely beginning with xmlns is not a declaration.
        #expect(throws: Never.self) { try XMLTagCheck.check("<a " + (0..<60).map { "xmlnsx\($0)='1'" }.joined(separator: " ") + "/>" + String(repeating: "<b xmlns:p='u' xmlns:q='v'/>", count: 100)) }
    }

    @Test("a processing instruction holding > and a quote does not hide the attributes after it")
    func processingInstructionTrick() {
        let attributes = (0..<1_000).map { "a\($0)=\"1\"" }.joined(separator: " ")
        let xml = "<?xml version=\"1.0\"?>\n<?p > <x \" ?>\n\(Self.invoiceOpen)<cbc:ID \(attributes)>F1</cbc:ID></Invoice>"
        #expect(refusal(xml)?.message.contains("plus de 64 attributs") == true)
        let legitimate = "<?xml version=\"1.0\"?>\n<?p a > b < c ?>\n\(Self.invoiceOpen)<?q x='>'?><cbc:ID a='1'>F1</cbc:ID></Invoice>"
        #expect(throws: Never.self) { try XMLTagCheck.check(legitimate) }
    }

    @Test("attributes, comments, CDATA and quoted > or = do not miscount a real invoice's tags")
    func ordinaryTagsPass() throws {
        let attributes = (0..<64).map { "a\($0)='x=>y'" }.joined(separator: " ")
        let xml = "\(Self.invoiceOpen)<!-- <a \(attributes) b='1'> --><cbc:ID \(attributes)><![CDATA[F1 <b \(attributes) c='2'>]]></cbc:ID></Invoice>"
        #expect(throws: Never.self) { try XMLTagCheck.check(xml) }
        let once = "<a " + (0..<65).map { "a\($0)='1'" }.joined(separator: " ") + "/>"
        #expect(throws: DomainError.self) { try XMLTagCheck.check(once) }
    }

    @Test("a file over the size limit is refused before it is parsed")
    func tooLarge() {
        let limits = XMLLimits(maximumFileBytes: 1 << 20)
        let xml = Data(Self.invoiceOpen.utf8) + Data(count: (1 << 20) + 1)
        let error = refusal(xml, limits: limits)
        #expect(error?.code == .attachmentTooLarge)
    }

    @Test("an embedded attachment stops at its limit, decoded as it streams")
    func hugeAttachment() {
        // 3 MiB decoded, limit 1 MiB: refused once the first MiB is passed.
        let payload = Data(count: 3 << 20).base64EncodedString()
        let xml = "\(Self.invoiceOpen)<cac:AdditionalDocumentReference><cbc:ID>1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode=\"application/pdf\" filename=\"a.pdf\">\(payload)</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference></Invoice>"
        let error = refusal(xml, limits: XMLLimits(maximumFileBytes: 8 << 20, maximumAttachmentBytes: 1 << 20))
        #expect(error?.code == .attachmentTooLarge)
    }

    @Test("bad base64 in an attachment is INVALID_XML")
    func badBase64() {
        let xml = "\(Self.invoiceOpen)<cac:AdditionalDocumentReference><cbc:ID>1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode=\"application/pdf\" filename=\"a.pdf\">QUJD*!</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference></Invoice>"
        #expect(refusal(xml)?.code == .invalidXML)
    }

    @Test("the streamed base64 decoder agrees with Foundation's, whatever the chunks")
    func base64Chunks() throws {
        let bytes = Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let text = bytes.base64EncodedString(options: .lineLength76Characters)
        for size in [1, 3, 5, 77, 4096] {
            var stream = Base64Stream(limit: 1 << 20)
            var index = text.startIndex
            while index < text.endIndex {
                let end = text.index(index, offsetBy: size, limitedBy: text.endIndex) ?? text.endIndex
                try stream.append(String(text[index..<end]))
                index = end
            }
            #expect(try stream.finish() == bytes)
        }
    }

    @Test("numbers that are not xs:decimal are kept as text and reported, never guessed")
    func numbers() {
        #expect(XMLDecimal("12,50").value == nil)
        #expect(XMLDecimal("1e3").value == nil)
        #expect(XMLDecimal("-0.00").value == 0)
        #expect(XMLDecimal("+12.500").value == Decimal(string: "12.5"))
        #expect(XMLDecimal("12.500").places == 3)
        #expect(XMLDecimal("123456789012345678901234.5").value == Decimal(string: "123456789012345678901234.5"))
    }
}

/// The review's bypasses of the prolog check, each refused.
@Suite("Hostile XML: prolog tricks")
struct PrologTrickTests {
    func code(_ data: Data) -> DomainError.Code? {
        do { _ = try StructuredInvoiceReader.read(data); return nil } catch { return error.code }
    }

    @Test("bytes of another encoding before the root (EBCDIC) are refused")
    func ebcdic() {
        #expect(code(Data([0x4C, 0x6F, 0xA7, 0x94, 0x40, 0xA5, 0x85, 0x99])) == .invalidXML)
    }

    @Test("an encoding declared across new lines is still read, and refused")
    func declarationWithNewLines() {
        let xml = "<?xml version=\"1.0\" encoding\n=\r\n\"UTF-7\"?>+ADw-!DOCTYPE x+AD4-<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>"
        #expect(code(Data(xml.utf8)) == .invalidXML)
    }
}

extension XMLTagCheck {
    /// `text`'s bytes checked.
    static func check(_ text: String) throws(DomainError) {
        var copy = text
        let failure = copy.withUTF8 { buffer -> DomainError? in
            do throws(DomainError) { try check(UnsafeRawBufferPointer(buffer)); return nil } catch { return error }
        }
        if let failure { throw failure }
    }
}
