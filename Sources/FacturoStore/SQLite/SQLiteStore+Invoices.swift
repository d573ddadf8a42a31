import FacturoDomain
import Foundation
import GRDB

extension SQLiteStore {
    public func submitInvoices(_ submissions: [InvoiceSubmission], seal: @Sendable ([String]) throws -> SealedBatch) async throws -> [SubmissionOutcome] {
        try await pool.write { db in
            // Each submission in its own savepoint: a refused one leaves the
            // others of the batch, and the batch commits once.
            var outcomes: [Outcome] = []
            for submission in submissions {
                var outcome = Outcome.refused(Self.duplicate(submission.document.header))
                do {
                    try db.inSavepoint {
                        outcome = try Self.submit(db, submission)
                        if case .refused = outcome { return .rollback }
                        return .commit
                    }
                } catch let error as StoreError where !error.isServerFault {
                    // This submission's own problem (its draft was sent
                    // meanwhile, a structure vanished): the others go on.
                    outcome = .refused(error.domainError)
                }
                outcomes.append(outcome)
            }
            let fresh = outcomes.enumerated().compactMap { index, outcome -> (Int, Int64)? in
                if case let .inserted(rowID, _) = outcome { return (index, rowID) }
                return nil
            }
            var seals: [Int: InvoiceSeal] = [:]
            if !fresh.isEmpty {
                let sealed = try seal(fresh.map { submissions[$0.0].certificate })
                try db.execute(
                    sql: "INSERT INTO certificate_batches (size, root, signed_at, signature) VALUES (?, ?, ?, ?)",
                    arguments: [sealed.size, sealed.root, sealed.signedAt, sealed.signature]
                )
                let batchID = db.lastInsertedRowID
                for (leaf, (index, rowID)) in fresh.enumerated() {
                    try db.cachedStatement(sql: "UPDATE invoices SET batch_id = ?, leaf_index = ?, proof = ? WHERE id = ?")
                        .execute(arguments: [batchID, leaf, try Self.json(sealed.paths[leaf]), rowID])
                    seals[index] = InvoiceSeal(
                        leafIndex: leaf, path: sealed.paths[leaf], batchSize: sealed.size, root: sealed.root, signedAt: sealed.signedAt, signature: sealed.signature
                    )
                }
            }
            return try zip(submissions, outcomes).enumerated().map { index, pair in
                let (submission, outcome) = pair
                switch outcome {
                // As just written: reading it back would hold the writer
                // for five more queries per invoice.
                case let .inserted(_, notifications): return .accepted(Self.stored(submission, seal: seals[index], notifications: notifications))
                case let .existing(id): return .replayed(try Self.invoice(db, id)!)
                case let .refused(error): return .refused(error)
                }
            }
        }
    }

    /// The invoice a submission became, as `invoice(id:)` would read it.
    static func stored(_ submission: InvoiceSubmission, seal: InvoiceSeal?, notifications: [PendingNotification]) -> StoredInvoice {
        StoredInvoice(
            id: submission.id, document: submission.document, attachments: submission.attachments, status: .miseADisposition,
            statuses: [
                StatusChange(status: .deposee, at: submission.depositedAt, by: submission.actor.label),
                StatusChange(status: .miseADisposition, at: submission.depositedAt, by: "plateforme"),
            ],
            certificate: submission.certificate, depositedAt: submission.depositedAt, seal: seal, newNotifications: notifications
        )
    }

    private enum Outcome {
        case inserted(Int64, [PendingNotification])
        case existing(String)
        case refused(DomainError)
    }

    private static func submit(_ db: Database, _ submission: InvoiceSubmission) throws -> Outcome {
        let header = submission.document.header
        let actor = submission.actor
        guard let supplierID = try structureID(db, header.supplier) else { throw StoreError.notFound("structure \(header.supplier)") }
        guard let recipientID = try structureID(db, header.recipient) else { throw StoreError.notFound("structure \(header.recipient)") }
        if let first = try String.fetchOne(
            db.cachedStatement(sql: "SELECT public_id FROM invoices WHERE supplier_id = ? AND submission_key = ?"), arguments: [supplierID, submission.key]
        ) {
            return .existing(first)
        }
        if try invoiceExists(db, supplierID: supplierID, number: header.number) {
            return .refused(duplicate(header))
        }
        // Deposited, then at once made available to the recipient: both
        // recorded, and both the start of the invoice's chained history
        // (hashed first, so that the invoice's row is written once).
        let firstStatuses = [(InvoiceStatus.deposee, actor), (.miseADisposition, AuditActor.platform)]
        var entries: [(InvoiceHistoryEntry, AuditActor)] = []
        var previous = submission.certificate
        for (sequence, (status, by)) in firstStatuses.enumerated() {
            let entry = InvoiceHistoryEntry(sequence: sequence + 1, at: submission.depositedAt, actor: by.label, action: .status, from: entries.last?.0.to, to: status)
            entries.append((entry, by))
            previous = SQLiteHistory.link(previous: previous, entry: entry, invoiceID: submission.id)
        }
        let invoiceID = try insert(db, submission, supplierID: supplierID, recipientID: recipientID, actor: actor, historyHead: previous, historyCount: entries.count)
        for (index, line) in submission.document.lines.enumerated() {
            try db.cachedStatement(sql: """
                INSERT INTO invoice_lines (invoice_id, number, reference, designation, quantity, unit, unit_price, discount, vat_rate)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                invoiceID, index + 1, line.reference, line.designation, ExactDecimal.text(line.quantity, .quantity), line.unit,
                ExactDecimal.text(line.unitPrice, .unitPrice), ExactDecimal.text(line.discount, .amount), line.vatRate.description,
            ])
        }
        for (index, row) in submission.document.vatBreakdown.enumerated() {
            try db.cachedStatement(sql: "INSERT INTO invoice_vat (invoice_id, position, rate, base, amount) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [invoiceID, index, row.rate.description, ExactDecimal.text(row.base, .amount), ExactDecimal.text(row.amount, .amount)])
        }
        // Only files an attachment names: nothing else would keep them.
        for digest in Set(submission.attachments.map(\.file.digest)) {
            if let content = submission.contents[digest] { try keepFile(db, digest: digest, content: Data(content)) }
        }
        for (index, attachment) in submission.attachments.enumerated() {
            // Its upload may have expired, and the file gone with it, since
            // the submission named it: this submission's own refusal.
            guard try fileExists(db, attachment.file.digest) else {
                throw StoreError.notFound("fichier \(attachment.name) (envoi expiré entre-temps ; renvoyez-le)")
            }
            try db.cachedStatement(sql: "INSERT INTO invoice_attachments (invoice_id, position, name, digest, size, is_main) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: [invoiceID, index, attachment.name, attachment.file.digest, attachment.file.size, attachment.isMain])
        }
        var chained = submission.certificate
        for (entry, by) in entries {
            try db.cachedStatement(sql: "INSERT INTO invoice_statuses (invoice_id, status, at, actor_id, actor) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [invoiceID, entry.to.rawValue, submission.depositedAt, by.userID?.rawValue, by.label])
            chained = try SQLiteHistory.append(db, invoiceRowID: invoiceID, publicID: submission.id, previous: chained, entry: entry, actorID: by.userID, movingHead: false)
        }
        let notifications = try SQLiteNotifications.write(
            db, kind: .invoiceReceived, payload: SQLiteNotifications.receivedPayload(id: submission.id, header: header, amountDue: submission.document.totals.amountDue),
            invoiceRowID: invoiceID, structureID: recipientID, structure: header.recipient, application: .facturesRecues, service: header.recipientService,
            at: submission.depositedAt
        )
        if let draftID = submission.draftID {
            // A draft becomes one invoice: sent meanwhile (another key), it refuses.
            try db.execute(
                sql: "UPDATE drafts SET sent_invoice = ? WHERE public_id = ? AND supplier_id = ? AND sent_invoice IS NULL",
                arguments: [submission.id, draftID, supplierID]
            )
            guard db.changesCount == 1 else { throw StoreError.conflict("brouillon déjà envoyé") }
        }
        let totals = submission.document.totals
        try SQLiteAudit.record(
            db, actor: actor, action: .invoiceSubmit, structureID: supplierID, target: AuditTarget.invoice(header.number, of: header.supplier),
            after: [
                "id": .text(submission.id), "recipient": .text(header.recipient.description), "channel": .text(submission.document.channel.rawValue),
                "total_ttc": .text(ExactDecimal.text(totals.totalTTC, .amount)), "certificate": .text(submission.certificate),
            ]
        )
        return .inserted(invoiceID, notifications)
    }

    public func invoice(id: String) async throws -> StoredInvoice? {
        try await pool.read { db in try Self.invoice(db, id) }
    }

    public func submittedInvoice(supplier: StructureIdentifier, key: String) async throws -> StoredInvoice? {
        try await pool.read { db in
            guard let supplierID = try Self.structureID(db, supplier),
                  let id = try String.fetchOne(db.cachedStatement(sql: "SELECT public_id FROM invoices WHERE supplier_id = ? AND submission_key = ?"), arguments: [supplierID, key])
            else { return nil }
            return try Self.invoice(db, id)
        }
    }

    public func invoiceExists(supplier: StructureIdentifier, number: String) async throws -> Bool {
        try await pool.read { db in
            guard let supplierID = try Self.structureID(db, supplier) else { return false }
            return try Self.invoiceExists(db, supplierID: supplierID, number: number)
        }
    }

    public func searchInvoices(_ query: InvoiceQuery) async throws -> InvoicePage {
        try await pool.read { db in
            let supplierIDs = try query.suppliers.compactMap { try Self.structureID(db, $0) }
            var conditions: [String] = []
            var arguments = StatementArguments()
            if let scopes = query.received {
                // Rights as SQL: only rows of what the caller sees, never a
                // count or a row of another structure or service.
                guard let scopes = try Self.recipientScopes(db, scopes, into: &arguments) else { return InvoicePage(invoices: [], next: nil) }
                conditions.append(scopes)
                if !query.suppliers.isEmpty {
                    guard !supplierIDs.isEmpty else { return InvoicePage(invoices: [], next: nil) }
                    conditions.append("i.supplier_id IN (\(supplierIDs.map { _ in "?" }.joined(separator: ", ")))")
                    _ = arguments.append(contentsOf: StatementArguments(supplierIDs))
                }
            } else {
                guard !supplierIDs.isEmpty else { return InvoicePage(invoices: [], next: nil) }
                conditions.append("i.supplier_id IN (\(supplierIDs.map { _ in "?" }.joined(separator: ", ")))")
                _ = arguments.append(contentsOf: StatementArguments(supplierIDs))
            }
            if let number = query.number {
                conditions.append("i.number = ?")
                _ = arguments.append(contentsOf: [number])
            }
            if let recipient = query.recipient {
                guard let id = try Self.structureID(db, recipient) else { return InvoicePage(invoices: [], next: nil) }
                conditions.append("i.recipient_id = ?")
                _ = arguments.append(contentsOf: [id])
            }
            if let status = query.status {
                conditions.append("i.status = ?")
                _ = arguments.append(contentsOf: [status.rawValue])
            }
            if !query.statuses.isEmpty {
                conditions.append("i.status IN (\(query.statuses.map { _ in "?" }.joined(separator: ", ")))")
                _ = arguments.append(contentsOf: StatementArguments(query.statuses.map(\.rawValue)))
            }
            if let from = query.from {
                conditions.append("i.deposit_day >= ?")
                _ = arguments.append(contentsOf: [from.iso])
            }
            if let to = query.to {
                conditions.append("i.deposit_day <= ?")
                _ = arguments.append(contentsOf: [to.iso])
            }
            if let after = query.after {
                conditions.append("i.id < ?")
                _ = arguments.append(contentsOf: [after])
            }
            let limit = max(1, min(query.limit, 1000))
            // Newest first by the row id, which grows with every deposit:
            // the keyset cursor is the last row's id, stable under inserts.
            _ = arguments.append(contentsOf: [limit + 1])
            // Cached per shape of query (the limit is an argument): GRDB's
            // authorizer, which reads every column of `i.*` when a statement
            // is compiled, was 16 % of the server's CPU on invoice reads
            // (perf) when each search compiled its statement anew.
            let statement = try db.cachedStatement(sql: Self.invoiceSelect + " WHERE " + conditions.joined(separator: " AND ") + " ORDER BY i.id DESC LIMIT ?")
            let rows = try Row.fetchAll(statement, arguments: arguments)
            let page = try rows.prefix(limit).map(SQLiteRows.summary)
            return InvoicePage(invoices: page, next: rows.count > limit ? rows[limit - 1]["id"] : nil)
        }
    }

    /// `(recipient = ? [AND service IN (…)] [AND status IN (…)]) OR …` for
    /// the scopes the directory knows; nil when it knows none.
    private static func recipientScopes(_ db: Database, _ scopes: [RecipientScope], into arguments: inout StatementArguments) throws -> String? {
        var parts: [String] = []
        for scope in scopes {
            guard let id = try structureID(db, scope.structure) else { continue }
            if let services = scope.services, services.isEmpty { continue }
            var part = "i.recipient_id = ?"
            _ = arguments.append(contentsOf: [id])
            if let services = scope.services {
                part += " AND i.recipient_service IN (\(services.map { _ in "?" }.joined(separator: ", ")))"
                _ = arguments.append(contentsOf: StatementArguments(services))
            }
            if !scope.statuses.isEmpty {
                part += " AND i.status IN (\(scope.statuses.map { _ in "?" }.joined(separator: ", ")))"
                _ = arguments.append(contentsOf: StatementArguments(scope.statuses.map(\.rawValue)))
            }
            parts.append("(\(part))")
        }
        return parts.isEmpty ? nil : "(" + parts.joined(separator: " OR ") + ")"
    }

    static let invoiceSelect = """
        SELECT i.*, s.identifier_type AS supplier_type, s.identifier AS supplier_identifier,
               r.identifier_type AS recipient_type, r.identifier AS recipient_identifier
        FROM invoices i JOIN structures s ON s.id = i.supplier_id JOIN structures r ON r.id = i.recipient_id
        """

    static func invoice(_ db: Database, _ publicID: String) throws -> StoredInvoice? {
        guard let raw = try Row.fetchOne(db.cachedStatement(sql: invoiceSelect + " WHERE i.public_id = ?"), arguments: [publicID]) else { return nil }
        let row = NamedColumns(raw)
        let id: Int64 = row["id"]
        let lines = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY number"), arguments: [id]).map(SQLiteRows.line)
        let vat = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM invoice_vat WHERE invoice_id = ? ORDER BY position"), arguments: [id]).map(SQLiteRows.vatRow)
        var depositedAttachments = 0
        let attachments = try Row.fetchAll(db.cachedStatement(sql: "SELECT name, digest, size, is_main, added FROM invoice_attachments WHERE invoice_id = ? ORDER BY position"), arguments: [id]).map {
            if !($0[4] as Bool) { depositedAttachments += 1 }
            return StoredAttachment(name: $0[0], file: StoredFile(digest: $0[1], size: $0[2]), isMain: $0[3])
        }
        let statuses = try Row.fetchAll(db.cachedStatement(sql: "SELECT status, at, actor, comment FROM invoice_statuses WHERE invoice_id = ? ORDER BY id"), arguments: [id]).map { row in
            let text: String = row[0]
            guard let status = InvoiceStatus(rawValue: text) else { throw StoreError.corrupt("status \(text)") }
            return StatusChange(status: status, at: row[1], by: row[2], comment: row[3])
        }
        let statusText: String = row["status"]
        guard let status = InvoiceStatus(rawValue: statusText) else { throw StoreError.corrupt("status of \(publicID)") }
        var seal: InvoiceSeal?
        if let batchID: Int64 = row.optional("batch_id"),
           let batch = try Row.fetchOne(db.cachedStatement(sql: "SELECT size, root, signed_at, signature FROM certificate_batches WHERE id = ?"), arguments: [batchID]) {
            let proof: String? = row.optional("proof")
            let path = try JSONDecoder().decode([String].self, from: Data((proof ?? "[]").utf8))
            seal = InvoiceSeal(leafIndex: row["leaf_index"], path: path, batchSize: batch[0], root: batch[1], signedAt: batch[2], signature: batch[3])
        }
        return StoredInvoice(
            id: publicID, document: try SQLiteRows.document(row, lines: lines, vat: vat), attachments: attachments, status: status,
            statuses: statuses, certificate: row["certificate"], depositedAt: row["deposited_at"], seal: seal, statusAt: row["status_at"],
            dpNumber: row["dp_number"], rejectionAcknowledged: row["rejection_acknowledged"], depositedRouting: try depositedRouting(db, row),
            depositedAttachmentCount: depositedAttachments, historyCount: row["history_count"]
        )
    }

    /// The routing as deposited, once a recycling changed it.
    private static func depositedRouting(_ db: Database, _ row: NamedColumns) throws -> Rerouting? {
        guard let recipientID: Int64 = row.optional("deposited_recipient_id") else { return nil }
        guard let structure = try Row.fetchOne(db.cachedStatement(sql: "SELECT identifier_type, identifier FROM structures WHERE id = ?"), arguments: [recipientID]) else {
            throw StoreError.corrupt("deposited recipient of \(row["public_id"] as String)")
        }
        return Rerouting(recipient: try SQLiteRows.identifier(structure), service: row.optional("deposited_service") ?? "", engagement: row.optional("deposited_engagement") ?? "")
    }

    private static func invoiceExists(_ db: Database, supplierID: Int64, number: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM invoices WHERE supplier_id = ? AND number = ?)"), arguments: [supplierID, number]) ?? false
    }

    static func duplicate(_ header: InvoiceHeader) -> DomainError {
        DomainError(violations: [InvoiceChecks.duplicateViolation(header)])!
    }

    private static func insert(
        _ db: Database, _ submission: InvoiceSubmission, supplierID: Int64, recipientID: Int64, actor: AuditActor, historyHead: String, historyCount: Int
    ) throws -> Int64 {
        let document = submission.document
        let header = document.header
        let totals = document.totals
        func amount(_ value: Decimal) -> String { ExactDecimal.text(value, .amount) }
        try db.cachedStatement(sql: """
            INSERT INTO invoices (public_id, supplier_id, recipient_id, number, submission_key, channel, invoice_date, currency, type, vat_type,
                payment_mode, frame, supplier_service, bank_account, recipient_service, engagement, contract, original_invoice, exemption_reason,
                comment, line_total, total_ht, total_vat, total_ttc, global_discount, discount_reason, amount_due, status, deposited_at,
                deposit_day, certificate, submitted_by, status_at, history_head, history_count)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
            submission.id, supplierID, recipientID, header.number, submission.key, document.channel.rawValue, header.date.iso, header.currency,
            header.type.rawValue, header.vatRegime.rawValue, header.paymentMode.rawValue, header.frame.rawValue, header.supplierService,
            header.supplierBankAccount, header.recipientService, header.engagement, header.contract, header.originalInvoice,
            header.exemptionReason, header.comment, amount(totals.lineTotal), amount(totals.totalHT), amount(totals.totalVAT),
            amount(totals.totalTTC), amount(totals.globalDiscount), totals.discountReason, amount(totals.amountDue),
            InvoiceStatus.miseADisposition.rawValue, submission.depositedAt, submission.depositDay.iso, submission.certificate, actor.userID?.rawValue,
            submission.depositedAt, historyHead, historyCount,
        ])
        return db.lastInsertedRowID
    }
}
