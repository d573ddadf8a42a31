import FacturoArchive
import FacturoDomain
import FacturoFormats
import FacturoStore
import FacturoWire
import Foundation
import Logging

/// Integrates received flows in the background, one at a time: the zip
/// read with bounds, `factures.csv` parsed, then each row through the one
/// submission path (channel `FLUX`), its outcome recorded as soon as it is
/// decided. Good rows of a bad flow go through. The zip's `.xml` members
/// (UBL or CII) are invoices too, each deposited from its own file (lines
/// 1001, 1002… of the report, in the zip's name order); `factures.csv` may
/// then be absent.
///
/// Nothing is lost to a restart: each row submits under the key
/// `flux:{flow}:{line}`, so a row committed before a crash answers its
/// invoice again, and unfinished flows are taken up at start
/// (`resumeUnfinished`). A store fault leaves the flow unfinished, for the
/// next start, rather than rejecting rows that were never judged.
actor FlowIntegrator {
    private let environment: SubmissionEnvironment
    private let events: any EventPublisher
    private var queue: [String] = []
    private var draining = false
    /// Where a flow's zip is written while it is read (libzip reads files).
    private let workDirectory: URL
    /// The EN 16931 checks of XML members (`serve --lenient-vat-rounding`).
    private let rules: RuleOptions

    init(environment: SubmissionEnvironment, events: any EventPublisher, workDirectory: URL = FileManager.default.temporaryDirectory, rules: RuleOptions = .strict) {
        self.environment = environment
        self.events = events
        self.workDirectory = workDirectory
        self.rules = rules
    }

    /// The report line of the flow's first XML member.
    static let firstXMLLine = 1001
    /// The fatal findings a rejected XML member's report row lists (the
    /// row says how many more there are).
    static let findingsPerRow = 20

    /// Attempts at a flow whose integration failed on a fault (store,
    /// disk): retried after 2, 4, 8 s, then rejected as a whole.
    static let attempts = 4
    private var failures: [String: Int] = [:]

    /// Queues flow `id` for integration, after those already queued.
    func enqueue(_ id: String) {
        add([id])
    }

    /// Queues every flow a previous run left unfinished.
    func resumeUnfinished() async {
        do {
            let unfinished = try await environment.store.unfinishedFlows()
            if !unfinished.isEmpty { environment.logger.info("resuming flows", metadata: ["count": "\(unfinished.count)"]) }
            add(unfinished.map(\.id))
        } catch {
            environment.logger.error("unfinished flows unreadable", metadata: ["error": "\(error)"])
        }
    }

    private func add(_ ids: [String]) {
        queue += ids.filter { !queue.contains($0) }
        guard !draining, !queue.isEmpty else { return }
        draining = true
        Task { await self.drain() }
    }

    private func drain() async {
        while !queue.isEmpty {
            let id = queue.removeFirst()
            do {
                try await integrate(id)
                failures[id] = nil
            } catch {
                await failed(id, error)
            }
        }
        draining = false
    }

    /// A fault, not a verdict on the flow: tried again a few times (a disk
    /// full a moment, a busy database), then the flow is rejected whole
    /// with SERVER_INTERNAL_ERROR rather than left EN_COURS for ever.
    private func failed(_ id: String, _ error: any Error) async {
        let count = (failures[id] ?? 0) + 1
        failures[id] = count
        environment.logger.error("flow integration failed", metadata: ["flow": "\(id)", "attempt": "\(count)", "error": "\(error)"])
        guard count >= Self.attempts else {
            Task {
                try? await Task.sleep(for: .seconds(1 << count))
                self.enqueue(id)
            }
            return
        }
        failures[id] = nil
        do {
            guard let flow = try await environment.store.flow(id: id) else { return }
            try await finish(flow, .rejected, code: ErrorCode.internalError.rawValue, message: "intégration impossible (erreur du serveur) ; renvoyez le flux sous une autre clé")
        } catch {
            environment.logger.error("flow left unfinished; taken up at next start", metadata: ["flow": "\(id)", "error": "\(error)"])
        }
    }

    private func integrate(_ id: String) async throws {
        let store = environment.store
        guard let flow = try await store.flow(id: id), !flow.status.isFinal else { return }
        // The sender's rights as they are now: a flow taken up days later
        // (a restart) does not deposit for an account revoked meanwhile.
        let rights = try await store.rights(of: flow.owner)
        guard let rights, rights.user.isActive, rights.policy.decide(.facturesEmises, .modification, on: flow.supplier) == .allowed else {
            return try await finish(
                flow, .rejected, code: ErrorCode.forbidden.rawValue,
                message: "le compte qui a envoyé le flux n'a plus l'habilitation « factures émises » en modification sur \(flow.supplier), ou n'est plus actif"
            )
        }
        try await store.setFlowStatus(id: id, .integrating)
        let path = workDirectory.appendingPathComponent("facturo-flow-\(id).zip")
        defer { try? FileManager.default.removeItem(at: path) }
        try await store.exportFlowContent(id: id, to: path)

        let manifest: FlowManifest?
        let archive: ZipArchive
        let members: [String]
        do {
            (archive, manifest, members) = try Self.open(path)
        } catch {
            return try await finish(flow, .rejected, code: error.code.rawValue, message: error.message)
        }
        let decided = Set(try await store.flowRows(id: id).map(\.line))
        // What the flow's PDFs may inflate to, all rows together (a zip of a
        // few megabytes could otherwise store 500 × 10 MiB).
        var budget = FlowManifest.maximumFlowSize
        for row in manifest?.rows ?? [] where !decided.contains(row.line) {
            try await store.recordFlowRow(id: id, try await submit(row, of: flow, from: archive, budget: &budget))
        }
        for (index, member) in members.enumerated() where !decided.contains(Self.firstXMLLine + index) {
            try await store.recordFlowRow(id: id, try await submit(xml: member, line: Self.firstXMLLine + index, of: flow, from: archive, budget: &budget))
        }
        let rows = try await store.flowRows(id: id)
        let accepted = rows.filter { $0.status == .integrated }.count
        try await finish(flow, .end(accepted: accepted, rejected: rows.count - accepted), code: "", message: "")
    }

    /// The archive, its manifest (none when the flow is XML files only) and
    /// its XML members, or why the flow is rejected whole.
    private static func open(_ path: URL) throws(DomainError) -> (ZipArchive, FlowManifest?, [String]) {
        do {
            // Each invoice's PDF, the manifest, and as many other files.
            let archive = try ZipArchive(path: path.path, maximumEntries: 2 * FlowManifest.maximumInvoices + 1)
            let members = archive.entryNames.filter { $0.lowercased().hasSuffix(".xml") && !$0.contains("/") }.sorted()
            guard archive.contains(FlowManifest.fileName) else {
                guard !members.isEmpty else {
                    throw DomainError(.invalidFlow, "\(FlowManifest.fileName) absent de l'archive (à sa racine), et aucune facture XML (UBL ou CII)")
                }
                guard members.count <= FlowManifest.maximumInvoices else {
                    throw DomainError(.flowTooLarge, "\(members.count) factures XML : \(FlowManifest.maximumInvoices) au plus par flux")
                }
                return (archive, nil, members)
            }
            let bytes = try archive.read(FlowManifest.fileName, maximumSize: FlowManifest.maximumManifestSize)
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw DomainError(.invalidFlow, "\(FlowManifest.fileName) n'est pas en UTF-8")
            }
            let manifest = try FlowManifest(parsing: text)
            guard manifest.rows.count + members.count <= FlowManifest.maximumInvoices else {
                throw DomainError(.flowTooLarge, "\(manifest.rows.count) lignes et \(members.count) factures XML : \(FlowManifest.maximumInvoices) factures au plus par flux")
            }
            return (archive, manifest, members)
        } catch let error as ZipError {
            if case .tooManyEntries = error { throw DomainError(.flowTooLarge, error.message) }
            throw DomainError(.invalidFlow, error.message)
        } catch let error as DomainError {
            throw error
        } catch {
            throw DomainError(.invalidFlow, "\(error)")
        }
    }

    /// One row through the submission path; its refusal, if any, as the
    /// row's outcome. Store faults are thrown (the row is not judged).
    private func submit(_ row: FlowManifest.Row, of flow: StoredFlow, from archive: ZipArchive, budget: inout Int) async throws -> FlowRowOutcome {
        // As stored and reported: a number is 35 characters at most.
        let number = row.number.count > InvoiceHeader.numberMaximum ? row.number.prefix(InvoiceHeader.numberMaximum) + "…" : row.number
        func rejected(_ error: DomainError) -> FlowRowOutcome {
            let violations = error.violations.map(FlowManifest.reworded)
            let messages = violations.isEmpty ? [error.message] : violations.map(\.message)
            return FlowRowOutcome(line: row.line, number: number, status: .rejected, code: error.code.rawValue, message: messages.joined(separator: " ; "))
        }
        let key = "\(InvoiceSubmitter.flowKeyPrefix)\(flow.id):\(row.line)"
        if let first = try await environment.store.submittedInvoice(supplier: flow.supplier, key: key) {
            return FlowRowOutcome(line: row.line, number: first.document.header.number, status: .integrated, invoiceID: first.id)
        }
        let document: InvoiceDocument
        let bytes: [UInt8]
        do throws(DomainError) {
            document = try row.invoice.document(supplier: flow.supplier, depositDay: DepositClock.day(of: Date()), channel: .flux, names: .flow)
            try AttachmentRules.checkName(row.file, field: "fichier")
            guard row.file.lowercased().hasSuffix(".pdf") else {
                throw DomainError(violations: [.init(.invalidAttachmentName, "fichier : \(row.file.quotedForMessage) : une facture de flux est un PDF", field: "fichier")])!
            }
            guard archive.contains(row.file) else {
                throw DomainError(violations: [.init(.flowFileMissing, "fichier : \(row.file.quotedForMessage) absent de l'archive", field: "fichier")])!
            }
            let limit = min(AttachmentRules.fileMaximum, budget)
            do { bytes = try archive.read(row.file, maximumSize: limit) } catch {
                var code: DomainError.Code = .invalidFlow
                var message = error.message
                if case .entryTooLarge = error {
                    code = limit < AttachmentRules.fileMaximum ? .flowTooLarge : .attachmentTooLarge
                    if limit < AttachmentRules.fileMaximum { message = "les PDF du flux dépassent \(FlowManifest.maximumFlowSize) octets une fois décompressés" }
                }
                throw DomainError(violations: [.init(code, "fichier : \(message)", field: "fichier")])!
            }
            budget -= bytes.count
        } catch {
            return rejected(error)
        }
        // The PDF is stored with the invoice, in its transaction: a rejected
        // row leaves nothing behind.
        let file = StoredFile(of: bytes)
        do {
            let accepted = try await InvoiceSubmitter.submit(
                document, attachments: [StoredAttachment(name: row.file, file: file, isMain: true)], contents: [file.digest: bytes], key: key,
                actor: flow.actor, environment
            )
            return FlowRowOutcome(line: row.line, number: number, status: .integrated, invoiceID: accepted.invoice.id)
        } catch let error as DomainError {
            return rejected(error)
        } catch let error as WireError where !error.retryable {
            // The supplier gone from the directory meanwhile, for one.
            return FlowRowOutcome(line: row.line, number: number, status: .rejected, code: error.code.rawValue, message: error.message)
        }
    }

    /// One XML member deposited from its own file, as `InvoiceDepositStructured`
    /// does: refused by its fatal findings (20 listed), the file's seller the flow's supplier.
    private func submit(xml name: String, line: Int, of flow: StoredFlow, from archive: ZipArchive, budget: inout Int) async throws -> FlowRowOutcome {
        let shownName = name.count > 60 ? name.prefix(60) + "…" : name
        func rejected(_ code: DomainError.Code, _ messages: [String], number: String = "") -> FlowRowOutcome {
            FlowRowOutcome(line: line, number: number, status: .rejected, code: code.rawValue, message: "\(shownName) : " + messages.joined(separator: " ; "))
        }
        let key = "\(InvoiceSubmitter.flowKeyPrefix)\(flow.id):\(line)"
        if let first = try await environment.store.submittedInvoice(supplier: flow.supplier, key: key) {
            return FlowRowOutcome(line: line, number: first.document.header.number, status: .integrated, invoiceID: first.id)
        }
        let bytes: [UInt8]
        let read: StructuredInvoiceReader.Result
        do throws(DomainError) {
            try AttachmentRules.checkName(name, field: "fichier")
            let limit = min(AttachmentRules.fileMaximum, budget)
            do { bytes = try archive.read(name, maximumSize: limit) } catch {
                var code: DomainError.Code = .invalidFlow
                if case .entryTooLarge = error { code = limit < AttachmentRules.fileMaximum ? .flowTooLarge : .attachmentTooLarge }
                throw DomainError(code, error.message)
            }
            budget -= bytes.count
            read = try StructuredInvoiceReader.read(Data(bytes))
        } catch {
            return rejected(error.code, error.violations.isEmpty ? [error.message] : error.violations.map(\.message))
        }
        let number = read.invoice.number.count > InvoiceHeader.numberMaximum ? read.invoice.number.prefix(InvoiceHeader.numberMaximum) + "…" : read.invoice.number
        let fatal = EN16931Rules.check(read.invoice, options: rules, severity: .fatal, limit: Self.findingsPerRow)
        if let first = fatal.findings.first {
            var messages = fatal.findings.map { "\($0.rule) \($0.path(in: read.syntax, creditNote: read.invoice.isCreditNote)) : \($0.message(in: read.syntax))" }
            if fatal.total > fatal.findings.count { messages.append("et \(fatal.total - fatal.findings.count) autre(s) anomalie(s) : invoice check en liste 1 000") }
            return rejected(Finding.code(forRule: first.rule), messages, number: number)
        }
        let deposit = StructuredDeposit(read.invoice)
        do throws(DomainError) { _ = try deposit.supplier(named: flow.supplier) } catch {
            return rejected(error.code, [error.message], number: number)
        }
        let document: InvoiceDocument
        do throws(DomainError) {
            document = try deposit.fields.document(supplier: flow.supplier, depositDay: DepositClock.day(of: Date()), channel: .flux)
        } catch {
            return rejected(error.code, error.violations.isEmpty ? [error.message] : error.violations.map(\.message), number: number)
        }
        // The member and its embedded files are stored with the invoice, in its transaction.
        let main = StoredAttachment(name: name, file: StoredFile(of: bytes), isMain: true)
        let embedded: (attachments: [StoredAttachment], contents: [String: [UInt8]])
        do throws(DomainError) { embedded = try FormatRoutes.embedded(read.invoice.documents, after: [main]) } catch {
            return rejected(error.code, [error.message], number: number)
        }
        // Embedded files are stored as the flow's files are: they count in its 1 GiB.
        budget -= embedded.attachments.reduce(0) { $0 + $1.file.size }
        var contents = embedded.contents
        contents[main.file.digest] = bytes
        do {
            let accepted = try await InvoiceSubmitter.submit(document, attachments: [main] + embedded.attachments, contents: contents, key: key, actor: flow.actor, environment)
            return FlowRowOutcome(line: line, number: number, status: .integrated, invoiceID: accepted.invoice.id)
        } catch let error as DomainError {
            return rejected(error.code, error.violations.isEmpty ? [error.message] : error.violations.map(\.message), number: number)
        } catch let error as WireError where !error.retryable {
            return rejected(DomainError.Code(rawValue: error.code.rawValue), [error.message], number: number)
        }
    }

    private func finish(_ flow: StoredFlow, _ status: FlowStatus, code: String, message: String) async throws {
        let finished = try await environment.store.finishFlow(id: flow.id, status, code: code, message: message)
        environment.logger.info("flow integrated", metadata: [
            "flow": "\(flow.id)", "status": "\(status.rawValue)", "integrated": "\(finished.integrated)", "rejected": "\(finished.rejected)",
        ])
        events.publish(EventCatalogue.flowIntegrated, .with {
            $0.id = finished.id
            $0.status = finished.status.rawValue
            $0.integrated = UInt32(finished.integrated)
            $0.rejected = UInt32(finished.rejected)
            $0.supplier = finished.supplier.description
            $0.name = finished.name
        }, to: flow.owner)
    }
}
