import FacturoDomain
import FacturoStore
import Foundation
import Testing

/// Invoices in the SQLite store: a batch keeps each submission's own
/// outcome, what it answers is what it stored, and the file passes
/// SQLite's own consistency check (a WITHOUT ROWID table once failed it).
@Suite struct InvoiceStoreTests {
    static let college = StructureIdentifier.siret(try! Siret("19290086800022"))
    static let cci = StructureIdentifier.siret(try! Siret("13001727000013"))

    static func store() async throws -> SQLiteStore {
        let store = try SQLiteStore(path: SQLiteStoreTests.temporaryPath())
        try await store.createStructure(try Structure(identifier: college, name: "COLLEGE SIMONE VEIL", isPublic: true))
        try await store.createStructure(try Structure(identifier: cci, name: "CCI REGION PARIS ILE FRANCE", isPublic: true))
        return store
    }

    static func submission(_ number: String, key: String) throws -> InvoiceSubmission {
        let header = InvoiceHeader(number: number, date: try CalendarDate("2026-11-30"), supplier: college, recipient: cci)
        let lines = [
            try InvoiceLine(designation: "Chaises A Tolix", quantity: "20", unit: "Pièce", unitPrice: "320", vatRate: "10", field: "l"),
            try InvoiceLine(designation: "Tables", quantity: "2", unit: "Pièce", unitPrice: "99.99", vatRate: "20", field: "l"),
        ]
        return InvoiceSubmission(
            id: "id-\(key)", document: .typed(header, lines: lines), attachments: [], key: key, depositedAt: 1_764_547_200_000,
            depositDay: try CalendarDate("2026-12-01"), certificate: "cert-\(key)"
        )
    }

    static let seal: @Sendable ([String]) throws -> SealedBatch = { digests in
        SealedBatch(size: digests.count, root: "root", signedAt: 1, signature: "sig", paths: digests.map { [$0] })
    }

    @Test func aBatchKeepsEachOutcomeAndAnswersWhatItStored() async throws {
        let store = try await Self.store()
        let outcomes = try await store.submitInvoices(
            [try Self.submission("F-1", key: "a"), try Self.submission("F-1", key: "b"), try Self.submission("F-2", key: "c"), try Self.submission("F-9", key: "a")],
            seal: Self.seal
        )
        guard case let .accepted(first) = outcomes[0], case let .refused(duplicate) = outcomes[1], case let .accepted(third) = outcomes[2],
              case let .replayed(again) = outcomes[3] else {
            Issue.record("outcomes \(outcomes)")
            return
        }
        #expect(duplicate.code == .duplicateInvoice)
        #expect(again.id == first.id, "the same key answers the first invoice")
        #expect(first.seal?.leafIndex == 0 && third.seal?.leafIndex == 1 && third.seal?.batchSize == 2, "only new invoices are leaves")
        let read = try #require(try await store.invoice(id: first.id))
        #expect(read == first, "what the batch answered is what it stored")
        #expect(read.document.vatBreakdown.map { ExactDecimal.text($0.amount, .amount) } == ["40.00", "640.00"])
        #expect(try await store.integrityCheck() == "ok")
        try await store.close()
    }
}
