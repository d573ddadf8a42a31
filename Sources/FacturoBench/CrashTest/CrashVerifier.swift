import Crypto
import FacturoCertificates
import FacturoDomain
import FacturoServer
import FacturoStore
import Foundation

/// The checking side of `scripts/crashtest`: opens the database the killed
/// server left (as a restarted server would: SQLite replays or drops the
/// write-ahead log) and checks every acknowledged write of the ledger —
/// present, whole, and with its audit line — and that nothing the crash
/// interrupted is half there.
public struct CrashVerifier {
    public struct Report: Sendable {
        public var checked = 0
        public var problems: [String] = []
    }

    let store: SQLiteStore
    /// The exchange's key, to check each invoice's signed batch.
    let publicKey: Curve25519.Signing.PublicKey?

    public init(store: SQLiteStore, publicKey: Curve25519.Signing.PublicKey? = nil) {
        self.store = store
        self.publicKey = publicKey
    }

    public func verify(ledger: [[String]], accountPrefix: String) async throws -> Report {
        var report = Report()
        let integrity = try await store.integrityCheck()
        if integrity != "ok" { report.problems.append("PRAGMA integrity_check: \(integrity)") }
        let audit = try await auditLines()
        let outbox = try await notifications()
        let histories = try await store.verifyAllHistories()
        for broken in histories.broken {
            report.problems.append("history of invoice \(broken.invoiceID) (\(broken.number)) breaks at entry \(broken.firstBroken)")
        }
        for words in ledger {
            if words.first == "status" {
                report.checked += 1
                if let problem = try await checkStatus(words, outbox: outbox, audit: audit) { report.problems.append("\(words.joined(separator: " ")): \(problem)") }
                continue
            }
            report.checked += 1
            if let problem = try await check(words, audit: audit) { report.problems.append("\(words.joined(separator: " ")): \(problem)") }
        }
        report.problems += try await halfWritten(prefix: accountPrefix, audit: audit)
        report.problems += try await halfWrittenInvoices(keys: ledger.filter { $0.first == "pending" && $0.count == 2 }.map { $0[1] })
        return report
    }

    /// (action, target) of every audit line.
    private func auditLines() async throws -> Set<String> {
        var lines: Set<String> = []
        var before: Int64?
        while true {
            let page = try await store.auditEntries(structure: nil, limit: 1_000, beforeID: before)
            for entry in page { lines.insert("\(entry.action) \(entry.target)") }
            guard let last = page.last, page.count == 1_000 else { return lines }
            before = last.id
        }
    }

    private func check(_ words: [String], audit: Set<String>) async throws -> String? {
        switch words.first {
        case "user":
            guard words.count == 3, let user = try await store.user(email: EmailAddress(words[1])) else { return "account missing" }
            guard try await attachment(of: user, to: words[2]) else { return "account without its attachment" }
            guard audit.contains("user.create \(words[1])") else { return "no audit line user.create" }
        case "attach":
            guard words.count == 3, let user = try await store.user(email: EmailAddress(words[1])) else { return "account missing" }
            guard try await attachment(of: user, to: words[2]) else { return "attachment missing" }
            guard audit.contains("attachment.create \(words[1])") else { return "no audit line attachment.create" }
        case "grant":
            guard words.count == 5, let wanted = AccessLevel(rawValue: words[4]),
                  let user = try await store.user(email: EmailAddress(words[1])) else { return "account missing" }
            let held = try await store.habilitations(of: user.id)
            guard held.contains(where: { $0.structure.description == words[2] && $0.application.rawValue == words[3] && $0.level >= wanted }) else {
                return "habilitation missing"
            }
            guard audit.contains("habilitation.grant \(words[1])") else { return "no audit line habilitation.grant" }
        case "request":
            guard words.count == 6, let id = Int64(words[1]), let stored = try await store.request(id: id) else { return "request missing" }
            guard stored.request.application.rawValue == words[4], stored.request.level.rawValue == words[5] else { return "request differs: \(stored.request)" }
            guard audit.contains("request.create \(AuditTarget.request(id))") else { return "no audit line request.create" }
        case "structure":
            guard words.count == 2, try await store.structure(StructureIdentifier(parsing: words[1])) != nil else { return "structure missing" }
            guard audit.contains("structure.create \(words[1])") else { return "no audit line structure.create" }
        case "pending":
            // Not an acknowledgement: checked by `halfWrittenInvoices`.
            return nil
        case "invoice":
            return try await checkInvoice(words, audit: audit)
        default:
            return "unknown ledger line"
        }
        return nil
    }

    /// An acknowledged invoice: there, unaltered (its certificate still
    /// recomputes and its signed batch verifies), with its lines, its file
    /// and its audit line.
    private func checkInvoice(_ words: [String], audit: Set<String>) async throws -> String? {
        guard words.count == 6, let lines = Int(words[4]) else { return "malformed ledger line" }
        guard let invoice = try await store.invoice(id: words[1]) else { return "invoice missing" }
        guard invoice.document.header.number == words[2] else { return "number differs: \(invoice.document.header.number)" }
        guard invoice.certificate == words[3] else { return "certificate differs" }
        let deposited = invoice.asDeposited
        let recomputed = CertificateDigest.of(deposited.document, id: invoice.id, attachments: deposited.attachments, depositedAt: invoice.depositedAt)
        guard recomputed == invoice.certificate else { return "altered: its certificate no longer recomputes" }
        guard invoice.document.lines.count == lines else { return "\(invoice.document.lines.count) lines instead of \(lines)" }
        guard let file = invoice.attachments.first(where: { $0.isMain }), file.file.digest == words[5] else { return "attachment missing" }
        guard let content = try await store.fileContent(digest: file.file.digest, offset: 0, length: file.file.size + 1),
              Data(SHA256.hash(data: content)).base64EncodedString() == file.file.digest else { return "attachment content missing or altered" }
        guard let seal = invoice.seal else { return "no signed batch" }
        if let publicKey {
            let canonical = CertificateDigest.canonical(deposited.document, id: invoice.id, attachments: deposited.attachments, depositedAt: invoice.depositedAt)
            let certificate = DepositCertificate(
                invoiceID: invoice.id, invoice: String(decoding: canonical, as: UTF8.self), digest: invoice.certificate, leafIndex: seal.leafIndex, path: seal.path,
                batch: SignedBatch(size: seal.batchSize, root: seal.root, signedAt: seal.signedAt, signature: seal.signature)
            )
            do { try certificate.verify(publicKey: publicKey) } catch { return "certificate does not verify: \(error)" }
        }
        guard audit.contains("invoice.submit \(AuditTarget.invoice(words[2], of: try StructureIdentifier(parsing: CrashWriter.invoiceSupplier)))") else {
            return "no audit line invoice.submit"
        }
        return nil
    }

    /// Invoices sent (acknowledged or not) that are there only in part, or
    /// twice: a crash must leave each whole or absent, and a key resent
    /// after a crash must not make a second one.
    private func halfWrittenInvoices(keys: [String]) async throws -> [String] {
        var problems: [String] = []
        let supplier = try StructureIdentifier(parsing: CrashWriter.invoiceSupplier)
        for key in keys {
            let found = try await store.searchInvoices(InvoiceQuery(suppliers: [supplier], number: key, limit: 10)).invoices
            if found.count > 1 { problems.append("invoice \(key): \(found.count) invoices for one key") }
            guard let summary = found.first, let invoice = try await store.invoice(id: summary.id) else { continue }
            if invoice.document.lines.isEmpty { problems.append("invoice \(key): present without its lines (half-written)") }
            if invoice.attachments.isEmpty { problems.append("invoice \(key): present without its attachment (half-written)") }
            if invoice.seal == nil { problems.append("invoice \(key): present without its signed batch (half-written)") }
            if Array(invoice.statuses.map(\.status).prefix(2)) != [.deposee, .miseADisposition] || invoice.statuses.count > 3 {
                problems.append("invoice \(key): statuses \(invoice.statuses.map(\.status.rawValue))")
            }
            // A change the crash cut short is whole or absent: its history entry goes with its status.
            if let history = try await store.invoiceHistory(id: invoice.id), history.count != invoice.statuses.count {
                problems.append("invoice \(key): \(history.count) history entries for \(invoice.statuses.count) statuses (half-written)")
            }
        }
        return problems
    }

    /// "invoice-status STATUS" for each invoice the outbox has a row of.
    private func notifications() async throws -> Set<String> {
        var rows: Set<String> = []
        var after: Int64?
        while true {
            let page = try await store.notifications(NotificationQuery(structures: nil, limit: 1_000, after: after))
            for row in page.notifications {
                let fields = (try? JSONDecoder().decode([String: String].self, from: Data(row.payload.utf8))) ?? [:]
                rows.insert("\(row.invoiceID ?? "") \(row.kind.rawValue) \(fields["status"] ?? "")")
            }
            guard let next = page.next else { return rows }
            after = next
        }
    }

    /// An acknowledged status change: the invoice is in it, its history
    /// ends with it, its audit line and its outbox rows are there.
    private func checkStatus(_ words: [String], outbox: Set<String>, audit: Set<String>) async throws -> String? {
        guard words.count == 3, let status = InvoiceStatus(rawValue: words[2]) else { return "malformed ledger line" }
        guard let invoice = try await store.invoice(id: words[1]) else { return "invoice missing" }
        guard invoice.status == status else { return "status \(invoice.status.rawValue) instead of \(status.rawValue)" }
        guard let history = try await store.invoiceHistory(id: invoice.id), history.last?.entry.to == status else { return "history does not end with the change" }
        guard history.count == invoice.statuses.count else { return "\(history.count) history entries for \(invoice.statuses.count) statuses" }
        guard outbox.contains("\(invoice.id) invoice-status \(status.rawValue)") else { return "its notification is missing from the outbox" }
        guard audit.contains("invoice.process \(AuditTarget.invoice(invoice.document.header.number, of: invoice.document.header.supplier))") else {
            return "no audit line invoice.process"
        }
        return nil
    }

    private func attachment(of user: User, to structure: String) async throws -> Bool {
        guard let rights = try await store.rights(of: user.id) else { return false }
        return rights.policy.attachments.contains { $0.structure.description == structure }
    }

    /// Accounts of this test that exist without their attachment or their
    /// audit line: a user creation the crash cut in half.
    private func halfWritten(prefix: String, audit: Set<String>) async throws -> [String] {
        var problems: [String] = []
        for user in try await store.users(attachedTo: nil) where user.email.value.hasPrefix(prefix) {
            if !(try await attachment(of: user, to: CrashWriter.firstStructure)) {
                problems.append("\(user.email): present without its attachment (half-written)")
            }
            if !audit.contains("user.create \(user.email.value)") {
                problems.append("\(user.email): present without its audit line (half-written)")
            }
        }
        return problems
    }
}
