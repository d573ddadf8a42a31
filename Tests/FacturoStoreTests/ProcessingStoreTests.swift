import FacturoDomain
@testable import FacturoStore
import Foundation
import GRDB
import Testing

/// The processing side of the SQLite store: the history of invoices
/// deposited before it existed, its chain, its triggers.
@Suite struct ProcessingStoreTests {
    /// A database of before processing (v9) with an invoice and its two
    /// first statuses upgrades: its history starts from them, chained from
    /// its certificate, and processing goes on from there.
    @Test func invoicesOfBeforeGetTheirHistoryAtTheUpgrade() async throws {
        let path = try SQLiteStoreTests.temporaryPath()
        let queue = try DatabaseQueue(path: path)
        try SQLiteMigrations.migrator.migrate(queue, upTo: Migration009FileReferences.identifier)
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO users (id, email, display_name, kind, password_hash) VALUES (1, 'f@b.fr', 'F', 'Entreprise', 'x');
                INSERT INTO structures (id, identifier, name, is_public) VALUES (1, '73282932000074', 'ACME', 0), (2, '21100001900011', 'COMMUNE', 1);
                INSERT INTO invoices (id, public_id, supplier_id, recipient_id, number, submission_key, channel, invoice_date, currency, type, vat_type,
                    payment_mode, frame, supplier_service, bank_account, recipient_service, engagement, contract, original_invoice, exemption_reason,
                    comment, line_total, total_ht, total_vat, total_ttc, global_discount, discount_reason, amount_due, status, deposited_at,
                    deposit_day, certificate, submitted_by)
                VALUES (1, 'old-invoice', 1, 2, 'F-OLD', 'k', 'DEPOT', '2026-11-30', 'EUR', 'FACTURE', 'TVA_SUR_DEBIT', 'VIREMENT', 'A1', '', '', 'VOIRIE',
                    '', '', '', '', '', '100.00', '100.00', '20.00', '120.00', '0.00', '', '120.00', 'MISE_A_DISPOSITION', 1764547200000,
                    '2026-11-30', 'CERTIFICAT-DE-DEPOT', 1);
                INSERT INTO invoice_statuses (invoice_id, status, at, actor_id, actor) VALUES
                    (1, 'DEPOSEE', 1764547200000, 1, 'f@b.fr'), (1, 'MISE_A_DISPOSITION', 1764547200000, NULL, 'plateforme');
                """)
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        let history = try #require(try await store.invoiceHistory(id: "old-invoice"))
        #expect(history.map(\.entry.to) == [.deposee, .miseADisposition])
        #expect(history.map(\.entry.actor) == ["f@b.fr", "plateforme"])
        #expect(history[0].hash == SQLiteHistory.link(previous: "CERTIFICAT-DE-DEPOT", entry: history[0].entry, invoiceID: "old-invoice"))
        #expect(try await store.verifyHistory(id: "old-invoice") == HistoryVerification(entries: 2, firstBroken: nil))
        let applied = try await store.applyInvoiceChange(InvoiceChange(
            invoiceID: "old-invoice", expected: .miseADisposition, action: .status, to: .serviceFait, actor: .system, at: 1_764_600_000_000
        ))
        #expect(applied.entry.entry.sequence == 3)
        #expect(applied.invoice.statusAt == 1_764_600_000_000)
        #expect(try await store.verifyAllHistories() == HistoryAudit(invoices: 1, entries: 3, broken: []))
    }

    /// Removing the last entry behind the triggers' back leaves a chain
    /// that is sound but short of its head: found too.
    @Test func aRemovedLastEntryIsFound() async throws {
        let path = try SQLiteStoreTests.temporaryPath()
        let store = try SQLiteStore(path: path)
        try await store.createStructure(try Structure(identifier: StructureIdentifier(parsing: "73282932000074"), name: "ACME", isPublic: false))
        try await store.createStructure(try Structure(identifier: StructureIdentifier(parsing: "21100001900011"), name: "COMMUNE", isPublic: true))
        var fields = InvoiceHeaderFields()
        fields.recipient = "21100001900011"
        let header = try fields.resolve(supplier: StructureIdentifier(parsing: "73282932000074"), depositDay: CalendarDate("2026-12-01"), number: "F-1")
        let line = try InvoiceLine(designation: "X", quantity: "1", unit: "Pièce", unitPrice: "10", vatRate: "20", field: "lines[1]")
        let submission = InvoiceSubmission(
            id: "f-1", document: InvoiceDocument.typed(header, lines: [line]), attachments: [], key: "k", depositedAt: 1, depositDay: try CalendarDate("2026-12-01"),
            certificate: "C"
        )
        _ = try await store.submitInvoice(submission) { digests in SealedBatch(size: digests.count, root: "r", signedAt: 1, signature: "s", paths: digests.map { _ in [] }) }
        _ = try await store.applyInvoiceChange(InvoiceChange(invoiceID: "f-1", expected: .miseADisposition, action: .status, to: .serviceFait, actor: .system, at: 2))
        await #expect(throws: (any Error).self) {
            try await store.pool.write { try $0.execute(sql: "DELETE FROM invoice_history WHERE sequence = 3") }
        }
        try await store.pool.write { db in
            try db.execute(sql: "DROP TRIGGER invoice_history_no_delete")
            try db.execute(sql: "DELETE FROM invoice_history WHERE sequence = 3")
        }
        #expect(try await store.verifyHistory(id: "f-1")?.firstBroken == 3)
        #expect(try await store.verifyAllHistories().broken.map(\.invoiceID) == ["f-1"])
    }
}
