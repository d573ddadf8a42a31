import FacturoDomain
import Foundation
import GRDB

extension SQLiteStore {
    public func applyInvoiceChanges(_ changes: [InvoiceChange]) async throws -> [Result<AppliedInvoiceChange, StoreError>] {
        try await pool.write { db in
            // Each change in its own savepoint: a refused one leaves the
            // others of the batch, and the batch commits once.
            var results: [Result<AppliedInvoiceChange, StoreError>] = []
            for change in changes {
                var result: Result<AppliedInvoiceChange, StoreError> = .failure(.notFound("facture \(change.invoiceID)"))
                do {
                    try db.inSavepoint {
                        result = .success(try Self.apply(db, change))
                        return .commit
                    }
                } catch let error as StoreError where !error.isServerFault {
                    result = .failure(error)
                }
                results.append(result)
            }
            return results
        }
    }

    private static func apply(_ db: Database, _ change: InvoiceChange) throws -> AppliedInvoiceChange {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT id, status, supplier_id, recipient_id, recipient_service, certificate, history_head, history_count, rejection_acknowledged, number
                FROM invoices WHERE public_id = ?
                """),
            arguments: [change.invoiceID]
        ) else { throw StoreError.notFound("facture \(change.invoiceID)") }
        let rowID: Int64 = row["id"]
        let statusText: String = row["status"]
        guard let current = InvoiceStatus(rawValue: statusText) else { throw StoreError.corrupt("status of \(change.invoiceID)") }
        // Compare and set: the status the caller decided from must still be there.
        guard current == change.expected else { throw StoreError.conflict("statut actuel \(current.rawValue) (attendu \(change.expected.rawValue))") }
        // The same status again after changes in between (a recycling
        // back to MISE_A_DISPOSITION): the decision was on another version.
        if let version = change.expectedHistoryCount, version != row["history_count"] as Int {
            throw StoreError.conflict("la facture a changé depuis sa lecture (statut \(current.rawValue))")
        }
        if change.action == .rejectionAcknowledged, row["rejection_acknowledged"] as Bool {
            throw StoreError.conflict("rejet déjà traité")
        }
        let supplierID: Int64 = row["supplier_id"]
        var recipientID: Int64 = row["recipient_id"]
        if let rerouting = change.rerouting {
            guard let id = try structureID(db, rerouting.recipient) else { throw StoreError.notFound("structure \(rerouting.recipient)") }
            recipientID = id
            // The first routing stays, for the deposit certificate.
            try db.execute(
                sql: """
                    UPDATE invoices SET deposited_recipient_id = COALESCE(deposited_recipient_id, recipient_id),
                        deposited_service = COALESCE(deposited_service, recipient_service), deposited_engagement = COALESCE(deposited_engagement, engagement),
                        recipient_id = ?, recipient_service = ?, engagement = ?
                    WHERE id = ?
                    """,
                arguments: [id, rerouting.service, rerouting.engagement, rowID]
            )
        }
        if !change.addedAttachments.isEmpty {
            var position = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position) + 1, 0) FROM invoice_attachments WHERE invoice_id = ?", arguments: [rowID]) ?? 0
            for attachment in change.addedAttachments {
                guard try fileExists(db, attachment.file.digest) else {
                    throw StoreError.notFound("fichier \(attachment.name) (envoi expiré entre-temps ; renvoyez-le)")
                }
                do {
                    try db.execute(
                        sql: "INSERT INTO invoice_attachments (invoice_id, position, name, digest, size, is_main, added) VALUES (?, ?, ?, ?, ?, 0, 1)",
                        arguments: [rowID, position, attachment.name, attachment.file.digest, attachment.file.size]
                    )
                } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                    throw StoreError.duplicate("pièce jointe \(attachment.name) de la facture")
                }
                position += 1
            }
        }
        let acknowledged = change.action == .rejectionAcknowledged
        let count: Int = row["history_count"]
        let entry = InvoiceHistoryEntry(
            sequence: count + 1, at: change.at, actor: change.actor.label, action: change.action, from: current, to: change.to,
            reason: change.reason, dpNumber: change.dpNumber, comment: change.comment, details: change.details
        )
        let previous: String = row["history_head"] ?? row["certificate"]
        let hash = SQLiteHistory.link(previous: previous, entry: entry, invoiceID: change.invoiceID)
        try db.cachedStatement(sql: """
            UPDATE invoices SET status = ?, status_at = CASE WHEN ? THEN status_at ELSE ? END,
                dp_number = CASE WHEN ? <> '' THEN ? ELSE dp_number END, rejection_acknowledged = rejection_acknowledged OR ?,
                history_head = ?, history_count = ?
            WHERE id = ?
            """).execute(
            // Taking note of a rejection changes no status: its date stays the rejection's.
            arguments: [change.to.rawValue, acknowledged, change.at, change.dpNumber, change.dpNumber, acknowledged, hash, entry.sequence, rowID]
        )
        if !acknowledged {
            try db.cachedStatement(sql: "INSERT INTO invoice_statuses (invoice_id, status, at, actor_id, actor, comment) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: [rowID, change.to.rawValue, change.at, change.actor.userID?.rawValue, change.actor.label, change.comment])
        }
        try SQLiteHistory.append(db, invoiceRowID: rowID, publicID: change.invoiceID, previous: previous, entry: entry, actorID: change.actor.userID, movingHead: false)
        guard let invoice = try invoice(db, change.invoiceID) else { throw StoreError.notFound("facture \(change.invoiceID)") }
        let header = invoice.document.header
        let supplierSide = change.action != .status
        try SQLiteAudit.record(
            db, actor: change.actor, action: auditAction(change.action), structureID: supplierSide ? supplierID : recipientID,
            target: AuditTarget.invoice(header.number, of: header.supplier),
            before: ["id": .text(change.invoiceID), "status": .text(current.rawValue)],
            after: auditAfter(change)
        )
        var notifications: [PendingNotification] = []
        if !acknowledged {
            let payload = [
                "id": change.invoiceID, "number": header.number, "status": change.to.rawValue, "previous": current.rawValue,
                "reason": change.reason?.rawValue ?? "", "by": change.actor.label,
            ]
            // Both parties: the supplier's senders, the recipient's side
            // (the new recipient's, after a recycling).
            notifications += try SQLiteNotifications.write(
                db, kind: .invoiceStatus, payload: payload, invoiceRowID: rowID, structureID: supplierID, structure: header.supplier,
                application: .facturesEmises, service: "", at: change.at
            )
            notifications += try SQLiteNotifications.write(
                db, kind: .invoiceStatus, payload: payload, invoiceRowID: rowID, structureID: recipientID, structure: header.recipient,
                application: .facturesRecues, service: header.recipientService, at: change.at
            )
            if change.to == .miseADisposition {
                notifications += try SQLiteNotifications.write(
                    db, kind: .invoiceReceived, payload: SQLiteNotifications.receivedPayload(id: change.invoiceID, header: header, amountDue: invoice.document.totals.amountDue),
                    invoiceRowID: rowID, structureID: recipientID, structure: header.recipient, application: .facturesRecues,
                    service: header.recipientService, at: change.at
                )
            }
        }
        return AppliedInvoiceChange(invoice: invoice, previous: current, entry: StoredHistoryEntry(entry: entry, hash: hash), notifications: notifications)
    }

    private static func auditAction(_ action: InvoiceHistoryEntry.Action) -> AuditAction {
        switch action {
        case .status: .invoiceProcess
        case .completion: .invoiceComplete
        case .recycling: .invoiceRecycle
        case .rejectionAcknowledged: .invoiceAcknowledge
        }
    }

    private static func auditAfter(_ change: InvoiceChange) -> AuditSnapshot {
        var after: AuditSnapshot = ["status": .text(change.to.rawValue)]
        if let reason = change.reason { after["reason"] = .text(reason.rawValue) }
        if !change.dpNumber.isEmpty { after["dp_number"] = .text(change.dpNumber) }
        if !change.comment.isEmpty { after["comment"] = .text(change.comment) }
        if let rerouting = change.rerouting {
            after["recipient"] = .text(rerouting.recipient.description)
            after["service"] = .text(rerouting.service)
            after["engagement"] = .text(rerouting.engagement)
        }
        if !change.addedAttachments.isEmpty { after["attachments"] = .text(change.addedAttachments.map(\.name).joined(separator: ", ")) }
        return after
    }

    public func invoiceHistory(id: String) async throws -> [StoredHistoryEntry]? {
        try await pool.read { db in
            guard let rowID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM invoices WHERE public_id = ?"), arguments: [id]) else { return nil }
            return try SQLiteHistory.entries(db, invoiceRowID: rowID)
        }
    }

    public func verifyHistory(id: String) async throws -> HistoryVerification? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT id, certificate, history_head, history_count FROM invoices WHERE public_id = ?"), arguments: [id]
            ) else { return nil }
            let broken = try SQLiteHistory.firstBroken(
                db, invoiceRowID: row["id"], publicID: id, certificate: row["certificate"], head: row["history_head"], count: row["history_count"]
            )
            return HistoryVerification(entries: row["history_count"], firstBroken: broken)
        }
    }

    public func checkedHistory(id: String) async throws -> (entries: [StoredHistoryEntry], verification: HistoryVerification)? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT id, certificate, history_head, history_count FROM invoices WHERE public_id = ?"), arguments: [id]
            ) else { return nil }
            let entries = try SQLiteHistory.entries(db, invoiceRowID: row["id"])
            let broken = SQLiteHistory.firstBroken(entries, publicID: id, certificate: row["certificate"], head: row["history_head"], count: row["history_count"])
            return (entries, HistoryVerification(entries: row["history_count"], firstBroken: broken))
        }
    }

    public func verifyAllHistories() async throws -> HistoryAudit {
        try await pool.read { db in
            var audit = HistoryAudit(invoices: 0, entries: 0, broken: [])
            let cursor = try Row.fetchCursor(db, sql: "SELECT id, public_id, number, certificate, history_head, history_count FROM invoices ORDER BY id")
            while let row = try cursor.next() {
                audit.invoices += 1
                let publicID: String = row["public_id"]
                let count: Int = row["history_count"]
                audit.entries += count
                if let broken = try SQLiteHistory.firstBroken(
                    db, invoiceRowID: row["id"], publicID: publicID, certificate: row["certificate"], head: row["history_head"], count: count
                ) {
                    audit.broken.append(BrokenHistory(invoiceID: publicID, number: row["number"], firstBroken: broken))
                }
            }
            // Entries of no invoice (foreign keys off, invoices deleted
            // behind the store's back) are a break of their own, reported
            // with an empty id.
            let orphans = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM invoice_history WHERE invoice_id NOT IN (SELECT id FROM invoices)") ?? 0
            if orphans > 0 { audit.broken.append(BrokenHistory(invoiceID: "", number: "", firstBroken: 0)) }
            return audit
        }
    }

    public func notifications(_ query: NotificationQuery) async throws -> NotificationPage {
        try await pool.read { db in
            var conditions: [String] = []
            var arguments = StatementArguments()
            if let structures = query.structures {
                let ids = try structures.compactMap { try Self.structureID(db, $0) }
                guard !ids.isEmpty else { return NotificationPage(notifications: [], next: nil) }
                conditions.append("n.structure_id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))")
                _ = arguments.append(contentsOf: StatementArguments(ids))
            }
            if query.undeliveredOnly { conditions.append("n.delivered_at IS NULL") }
            if let after = query.after {
                conditions.append("n.id < ?")
                _ = arguments.append(contentsOf: [after])
            }
            let limit = max(1, min(query.limit, 1000))
            _ = arguments.append(contentsOf: [limit + 1])
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT n.*, u.email, s.identifier_type AS s_type, s.identifier AS s_identifier, i.public_id, i.number
                FROM notifications n JOIN users u ON u.id = n.user_id JOIN structures s ON s.id = n.structure_id
                LEFT JOIN invoices i ON i.id = n.invoice_id
                \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")) ORDER BY n.id DESC LIMIT ?
                """), arguments: arguments)
            let page = try rows.prefix(limit).map { row -> StoredNotification in
                let kind: String = row["kind"]
                guard let kind = NotificationKind(rawValue: kind) else { throw StoreError.corrupt("notification kind \(kind)") }
                return StoredNotification(
                    id: row["id"], user: row["email"], structure: try SQLiteRows.identifier(row, type: "s_type", value: "s_identifier"),
                    invoiceID: row["public_id"], invoiceNumber: row["number"], kind: kind, payload: row["payload"], createdAt: row["created_at"],
                    deliveredAt: row["delivered_at"]
                )
            }
            return NotificationPage(notifications: page, next: rows.count > limit ? rows[limit - 1]["id"] : nil)
        }
    }

    public func markNotificationsDelivered(_ ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await pool.write { db in
            let now = SQLiteAudit.nowMilliseconds()
            for id in ids {
                try db.cachedStatement(sql: "UPDATE notifications SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL").execute(arguments: [now, id])
            }
        }
    }
}
