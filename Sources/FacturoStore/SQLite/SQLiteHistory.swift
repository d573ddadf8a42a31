import Crypto
import FacturoDomain
import Foundation
import GRDB

/// Appends to an invoice's tamper-evident history, and checks it. Each
/// entry's hash is SHA-256(previous hash, as its base64 text, then the
/// entry's canonical bytes); the first entry's previous hash is the
/// invoice's deposit certificate. `invoices.history_head` holds the last
/// hash so that appending reads one row.
enum SQLiteHistory {
    static func link(previous: String, entry: InvoiceHistoryEntry, invoiceID: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(previous.utf8))
        hasher.update(data: entry.canonicalBytes(invoiceID: invoiceID))
        return Data(hasher.finalize()).base64EncodedString()
    }

    /// Appends `entry` (its sequence follows the invoice's last) and moves
    /// the head; returns the new hash. Same transaction as the change.
    /// `movingHead` false: the caller writes `history_head` and
    /// `history_count` itself (a deposit, in its own INSERT).
    @discardableResult
    static func append(
        _ db: Database, invoiceRowID: Int64, publicID: String, previous: String, entry: InvoiceHistoryEntry, actorID: UserID?, movingHead: Bool = true
    ) throws -> String {
        let hash = link(previous: previous, entry: entry, invoiceID: publicID)
        try db.cachedStatement(sql: """
            INSERT INTO invoice_history (invoice_id, sequence, at, actor_id, actor, action, from_status, to_status, reason, dp_number, comment, details, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
            invoiceRowID, entry.sequence, entry.at, actorID?.rawValue, entry.actor, entry.action.rawValue, entry.from?.rawValue ?? "", entry.to.rawValue,
            entry.reason?.rawValue ?? "", entry.dpNumber, entry.comment, entry.details, hash,
        ])
        if movingHead {
            try db.cachedStatement(sql: "UPDATE invoices SET history_head = ?, history_count = ? WHERE id = ?").execute(arguments: [hash, entry.sequence, invoiceRowID])
        }
        return hash
    }

    static func entries(_ db: Database, invoiceRowID: Int64) throws -> [StoredHistoryEntry] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM invoice_history WHERE invoice_id = ? ORDER BY sequence"), arguments: [invoiceRowID]).map(entry)
    }

    static func entry(_ row: Row) throws -> StoredHistoryEntry {
        let action: String = row["action"]
        let from: String = row["from_status"]
        let to: String = row["to_status"]
        let reason: String = row["reason"]
        // A value no version writes is itself a sign of tampering: keep the
        // entry, shown as it is, and let the chain check name it.
        let entry = InvoiceHistoryEntry(
            sequence: row["sequence"], at: row["at"], actor: row["actor"], action: InvoiceHistoryEntry.Action(rawValue: action) ?? .status,
            from: InvoiceStatus(rawValue: from), to: InvoiceStatus(rawValue: to) ?? .deposee, reason: RefusalReason(rawValue: reason),
            dpNumber: row["dp_number"], comment: row["comment"], details: row["details"]
        )
        let readable = InvoiceHistoryEntry.Action(rawValue: action) != nil && (from.isEmpty || InvoiceStatus(rawValue: from) != nil)
            && InvoiceStatus(rawValue: to) != nil && (reason.isEmpty || RefusalReason(rawValue: reason) != nil)
        return StoredHistoryEntry(entry: entry, hash: row["hash"], readable: readable)
    }

    /// The first entry of the invoice that does not chain (its sequence),
    /// nil when every link holds and the head is the last entry's hash.
    static func firstBroken(_ db: Database, invoiceRowID: Int64, publicID: String, certificate: String, head: String?, count: Int) throws -> Int? {
        firstBroken(try entries(db, invoiceRowID: invoiceRowID), publicID: publicID, certificate: certificate, head: head, count: count)
    }

    static func firstBroken(_ entries: [StoredHistoryEntry], publicID: String, certificate: String, head: String?, count: Int) -> Int? {
        var previous = certificate
        for (index, stored) in entries.enumerated() {
            guard stored.readable, stored.entry.sequence == index + 1,
                  link(previous: previous, entry: stored.entry, invoiceID: publicID) == stored.hash
            else { return index + 1 }
            previous = stored.hash
        }
        // A removed last entry leaves the chain sound but short of the
        // head; an added one, sound but past it: the first entry the head
        // does not vouch for, or the first missing.
        if entries.count < count { return entries.count + 1 }
        if entries.count > count { return count + 1 }
        if count > 0, head != previous { return count }
        return nil
    }
}
