import FacturoDomain
import FacturoStore
import Foundation
import Testing

/// A file stays while an invoice, an upload or a draft refers to it, and
/// goes with the last of them: expired uploads no longer fill the disk.
@Suite struct FileCollectionTests {
    static func upload(_ store: SQLiteStore, _ owner: UserID, _ text: String) async throws -> UploadState {
        try await store.appendUpload(id: UUID().uuidString, owner: owner, purpose: nil, first: true, last: true, data: Array(text.utf8))
    }

    static func exists(_ store: SQLiteStore, _ digest: String?) async throws -> Bool {
        try await store.fileContent(digest: try #require(digest), offset: 0, length: 1) != nil
    }

    @Test func aFileGoesWithItsLastReference() async throws {
        let store = try await InvoiceStoreTests.store()
        let owner = try await store.createUser(SQLiteStoreTests.newUser("depot@b.fr")).id
        let lonely = try await Self.upload(store, owner, "%PDF seul")
        let invoiced = try await Self.upload(store, owner, "%PDF facturé")
        let drafted = try await Self.upload(store, owner, "%PDF brouillon")

        var submission = try InvoiceStoreTests.submission("F-PJ", key: "pj")
        submission.attachments = [StoredAttachment(name: "f.pdf", file: StoredFile(digest: invoiced.digest!, size: invoiced.size), isMain: true)]
        _ = try await store.submitInvoice(submission, seal: InvoiceStoreTests.seal)
        var fields = InvoiceHeaderFields()
        fields.recipient = InvoiceStoreTests.cci.description
        var draft = try await store.createDraft(supplier: InvoiceStoreTests.college, header: fields, by: .system)
        draft.attachments = [StoredAttachment(name: "b.pdf", file: StoredFile(digest: drafted.digest!, size: drafted.size), isMain: true)]
        draft = try await store.saveDraft(draft)

        // 32 newer uploads push the three out (an account keeps 32).
        for index in 1...32 { _ = try await Self.upload(store, owner, "%PDF \(index)") }
        #expect(try await !Self.exists(store, lonely.digest), "an expired upload's file nobody refers to is dropped")
        #expect(try await Self.exists(store, invoiced.digest), "an invoice keeps its file")
        #expect(try await Self.exists(store, drafted.digest), "a draft keeps its file")

        #expect(try await store.deleteDraft(id: draft.id, by: .system))
        #expect(try await !Self.exists(store, drafted.digest), "deleting the draft drops its file")

        // The same bytes as an invoiced file: kept however often released.
        try await store.dropFileIfUnreferenced(digest: invoiced.digest!)
        #expect(try await Self.exists(store, invoiced.digest))
        #expect(try await store.integrityCheck() == "ok")
        try await store.close()
    }

    /// A file detached from a draft goes if nothing else holds it, and a
    /// draft cannot be saved with a file already gone.
    @Test func detachingDropsAndAGoneFileIsRefused() async throws {
        let store = try await InvoiceStoreTests.store()
        let owner = try await store.createUser(SQLiteStoreTests.newUser("brouillon@b.fr")).id
        let held = try await Self.upload(store, owner, "%PDF détaché")
        var fields = InvoiceHeaderFields()
        fields.recipient = InvoiceStoreTests.cci.description
        var draft = try await store.createDraft(supplier: InvoiceStoreTests.college, header: fields, by: .system)
        draft.attachments = [StoredAttachment(name: "d.pdf", file: StoredFile(digest: held.digest!, size: held.size), isMain: true)]
        draft = try await store.saveDraft(draft)
        for index in 1...32 { _ = try await Self.upload(store, owner, "%PDF poussée \(index)") }
        #expect(try await Self.exists(store, held.digest), "held by the draft alone")
        draft.attachments = []
        draft = try await store.saveDraft(draft)
        #expect(try await !Self.exists(store, held.digest), "detached: nothing holds it any more")

        draft.attachments = [StoredAttachment(name: "d.pdf", file: StoredFile(digest: held.digest!, size: held.size), isMain: true)]
        await #expect(throws: StoreError.self) { _ = try await store.saveDraft(draft) }
        #expect(try await store.draft(id: draft.id)?.attachments.isEmpty == true, "nothing half-saved")
        try await store.close()
    }

    /// A submission naming a file gone since (its upload expired) is
    /// refused on its own; the rest of its batch goes through.
    @Test func aSubmissionWhoseFileWentIsRefusedAlone() async throws {
        let store = try await InvoiceStoreTests.store()
        var orphan = try InvoiceStoreTests.submission("F-ORPHELIN", key: "o")
        orphan.attachments = [StoredAttachment(name: "f.pdf", file: StoredFile(digest: "absent", size: 3), isMain: true)]
        let outcomes = try await store.submitInvoices([orphan, try InvoiceStoreTests.submission("F-SAIN", key: "s")], seal: InvoiceStoreTests.seal)
        guard case let .refused(error) = outcomes[0], case .accepted = outcomes[1] else {
            Issue.record("outcomes \(outcomes)")
            return
        }
        #expect(error.code == .notFound)
        try await store.close()
    }
}
