import FacturoDomain
import Foundation
import GRDB

/// Writes the notification outbox inside a change's transaction: one row
/// per active user who holds `application` (any level) on the structure and
/// whose attachment covers the service, as `AccessPolicy.decide` sees it;
/// written here in SQL so that the audience costs one statement on the
/// writer, not a read of every roster.
enum SQLiteNotifications {
    static func write(
        _ db: Database, kind: NotificationKind, payload: [String: String], invoiceRowID: Int64, structureID: Int64, structure: StructureIdentifier,
        application: Application, service: String, at: Int64
    ) throws -> [PendingNotification] {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            INSERT INTO notifications (user_id, structure_id, invoice_id, kind, payload, created_at)
            SELECT DISTINCT h.user_id, h.structure_id, ?, ?, ?, ?
            FROM habilitations h
            JOIN attachments a ON a.user_id = h.user_id AND a.structure_id = h.structure_id
            JOIN users u ON u.id = h.user_id AND u.is_active = 1
            WHERE h.structure_id = ? AND h.application = ? AND (h.service_code = '' OR h.service_code = ?)
              AND (a.service_codes IS NULL OR (? <> '' AND instr(',' || a.service_codes || ',', ',' || ? || ',') > 0))
            RETURNING id, user_id
            """), arguments: [invoiceRowID, kind.rawValue, json(payload), at, structureID, application.rawValue, service, service, service])
        return rows.map { PendingNotification(id: $0[0], user: UserID(rawValue: $0[1]), structure: structure, kind: kind) }
    }

    /// The fields of an event, as the outbox keeps them (sorted keys), by
    /// the audit log's own writer: `JSONEncoder` was 2.4 % of a
    /// submission's server CPU (perf, 2026-12-02).
    static func json(_ payload: [String: String]) -> String {
        AuditSnapshot.json(payload.mapValues { .text($0) })
    }

    static func receivedPayload(id: String, header: InvoiceHeader, amountDue: Decimal) -> [String: String] {
        [
            "id": id, "number": header.number, "supplier": header.supplier.description, "recipient": header.recipient.description,
            "service": header.recipientService, "amount_due": ExactDecimal.text(amountDue, .amount),
        ]
    }
}
