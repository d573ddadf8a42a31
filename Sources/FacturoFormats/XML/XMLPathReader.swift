import FacturoDomain
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What a syntax's reader is told as Foundation's streaming parser walks
/// the file: each element by its path below the root (`cac:InvoiceLine/
/// cbc:ID`), prefixes being the syntax's own whatever the file chose
/// (a file may bind any prefix to a namespace; an element of a namespace
/// the syntax does not know gets the prefix `?` and matches nothing).
protocol XMLPathHandler: AnyObject {
    func start(_ path: String, attributes: [String: String])
    /// `text`: the element's own characters, trimmed (empty when it
    /// streamed them).
    func end(_ path: String, text: String, attributes: [String: String])
    /// Whether the characters of the element at `path` go to `stream`
    /// chunk by chunk (base64 attachments: never held as one string).
    func streams(_ path: String, attributes: [String: String]) -> Bool
    func stream(_ chunk: String) throws(DomainError)
}

/// Drives `XMLParser` (Foundation's SAX over libxml2: one pass, no tree)
/// with the limits of `XMLLimits`, and turns every failure into a coded
/// `DomainError` naming the line and column.
final class XMLPathReader: NSObject, XMLParserDelegate {
    typealias HandlerFactory = (_ namespace: String, _ name: String) -> XMLPathHandler?

    private let limits: XMLLimits
    private let prefixes: [String: String]
    private let makeHandler: HandlerFactory
    private var handler: XMLPathHandler?
    private var parser: XMLParser?
    private var path = ""
    private var stack: [(pathLength: Int, attributes: [String: String])] = []
    /// Whether the element being closed had children: one with neither
    /// children nor text is read as absent (`<cbc:EndpointID schemeID="EM"/>`
    /// names no address).
    private var hadChild = false
    private var text = ""
    private var streaming = false
    private var failure: DomainError?

    /// `prefixes`: namespace URI → the prefix paths use.
    init(limits: XMLLimits, prefixes: [String: String], makeHandler: @escaping HandlerFactory) {
        self.limits = limits
        self.prefixes = prefixes
        self.makeHandler = makeHandler
    }

    /// Reads `data` whole; returns the handler the root chose.
    func read(_ data: Data) throws(DomainError) -> XMLPathHandler {
        if data.count > limits.maximumFileBytes {
            throw DomainError(.attachmentTooLarge, "fichier de \(data.count) octets : \(limits.maximumFileBytes) au plus")
        }
        // `withUnsafeBytes` rethrows untyped: the refusal comes back as a result.
        let prolog = data.withUnsafeBytes { bytes -> DomainError? in
            do throws(DomainError) {
                try XMLPrologCheck.check(bytes)
                try XMLTagCheck.check(bytes)
                return nil
            } catch { return error }
        }
        if let prolog { throw prolog }
        // From a stream, so fed in chunks: given the data whole, libxml2
        // (without XML_PARSE_HUGE) fails a file over 10 000 000 bytes at its
        // end ("huge input lookup", an unexplained NSXMLParserErrorDomain 1),
        // below the 10 MiB a deposit may be.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
        self.parser = parser
        let parsed = parser.parse()
        self.parser = nil
        if let failure { throw failure }
        guard parsed, let handler else {
            throw XMLPrologCheck.refusal(line: max(1, parser.lineNumber), column: max(1, parser.columnNumber), "fichier XML vide ou illisible")
        }
        return handler
    }

    private func fail(_ error: DomainError) {
        if failure == nil { failure = error }
        parser?.abortParsing()
    }

    private func fail(_ message: String) {
        fail(XMLPrologCheck.refusal(line: parser?.lineNumber ?? 0, column: parser?.columnNumber ?? 0, message))
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        guard failure == nil else { return }
        let namespace = namespaceURI ?? ""
        if handler == nil {
            guard stack.isEmpty, let chosen = makeHandler(namespace, elementName) else {
                fail(DomainError(
                    .unsupportedFormat,
                    "élément racine \(elementName.quotedForMessage) (espace de noms \(namespace.quotedForMessage)) : ni une facture UBL 2.1 (Invoice, CreditNote) ni une facture CII D16B (CrossIndustryInvoice)"
                ))
                return
            }
            handler = chosen
            stack.append((0, attributes))
            text = ""
            return
        }
        if stack.count >= limits.maximumDepth {
            fail("imbrication de plus de \(limits.maximumDepth) éléments")
            return
        }
        stack.append((path.utf8.count, attributes))
        hadChild = false
        if !path.isEmpty { path.append("/") }
        path.append(prefixes[namespace] ?? "?")
        path.append(":")
        path.append(elementName)
        text = ""
        handler!.start(path, attributes: attributes)
        streaming = handler!.streams(path, attributes: attributes)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard failure == nil, let handler, let top = stack.popLast() else { return }
        if stack.isEmpty { return } // the root
        let trimmed = streaming ? "" : text.trimmingXMLWhitespace
        if streaming || hadChild || !trimmed.isEmpty {
            handler.end(path, text: trimmed, attributes: top.attributes)
        }
        hadChild = true // for the parent, whose child this was
        streaming = false
        text = ""
        path.removeSubrange(path.utf8.index(path.utf8.startIndex, offsetBy: top.pathLength)..<path.endIndex)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard failure == nil else { return }
        if streaming {
            do { try handler?.stream(string) } catch { fail(error) }
        } else {
            text.append(string)
        }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        self.parser(parser, foundCharacters: String(decoding: CDATABlock, as: UTF8.self))
    }

    // Belt and braces: the prolog check refuses DTDs, so these never run;
    // should a declaration get through, reading stops.
    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        fail("déclaration d'entité \(name.quotedForMessage) refusée")
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        fail("entité externe \(name.quotedForMessage) refusée")
    }

    func parser(_ parser: XMLParser, foundAttributeDeclarationWithName attributeName: String, forElement elementName: String, type: String?, defaultValue: String?) {
        fail("déclaration d'attribut \(attributeName.quotedForMessage) refusée")
    }

    func parser(_ parser: XMLParser, foundElementDeclarationWithName elementName: String, model: String) {
        fail("déclaration d'élément \(elementName.quotedForMessage) refusée")
    }

    func parser(_ parser: XMLParser, foundNotationDeclarationWithName name: String, publicID: String?, systemID: String?) {
        fail("déclaration de notation \(name.quotedForMessage) refusée")
    }

    func parser(_ parser: XMLParser, foundUnparsedEntityDeclarationWithName name: String, publicID: String?, systemID: String?, notationName: String?) {
        fail("entité non analysée \(name.quotedForMessage) refusée")
    }

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        fail("entité externe \(name.quotedForMessage) refusée")
        return nil
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        guard failure == nil else { return }
        let described = (parseError as NSError).localizedDescription
        fail(XMLPrologCheck.refusal(line: parser.lineNumber, column: parser.columnNumber, "XML mal formé (\(described))"))
    }
}
