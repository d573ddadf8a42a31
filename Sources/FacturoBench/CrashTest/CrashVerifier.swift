import FacturoDomain
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

    public init(store: SQLiteStore) {
        self.store = store
    }

    public func verify(ledger: [[String]], accountPrefix: String) async throws -> Report {
        var report = Report()
        let integrity = try await store.integrityCheck()
        if integrity != "ok" { report.problems.append("PRAGMA integrity_check: \(integrity)") }
        let audit = try await auditLines()
        for words in ledger {
            report.checked += 1
            if let problem = try await check(words, audit: audit) { report.problems.append("\(words.joined(separator: " ")): \(problem)") }
        }
        report.problems += try await halfWritten(prefix: accountPrefix, audit: audit)
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
        default:
            return "unknown ledger line"
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
