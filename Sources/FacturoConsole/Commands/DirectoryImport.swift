import FacturoClient
import FacturoDomain
import FacturoWire
import Foundation

/// `directory import FILE.csv`: reads the file, splits it into records,
/// sends them in chunks with progress, and sums up the server's report.
/// Public so that the benchmark measures exactly what the console does.
///
/// A script must be able to judge an import: when a line was rejected, or
/// nothing was applied, the report is printed (or captured) and the command
/// fails (exit 3). Every rejection goes to `--rejects FILE` (line, code,
/// message), written even when the import is interrupted; an interrupted
/// import says how many lines the server acknowledged and that sending the
/// same file again is the recovery.
public struct DirectoryImport: Sendable {
    public var path: String
    public var allOrNothing: Bool
    public var chunkSize: Int
    /// Where to write every rejection as CSV; nil: only the summary.
    public var rejectsPath: String?
    /// Rejections shown in the summary itself.
    public static let shownRejections = 50
    /// Where progress goes; the console's standard error by default.
    public var progressStyle: ProgressReporter.Style

    public init(path: String, allOrNothing: Bool, chunkSize: Int, rejectsPath: String? = nil, progressStyle: ProgressReporter.Style = ProgressReporter.defaultStyle()) {
        self.path = path
        self.allOrNothing = allOrNothing
        self.chunkSize = chunkSize
        self.rejectsPath = rejectsPath
        self.progressStyle = progressStyle
    }

    public func run(_ connection: FacturoConnection) async throws -> CommandOutput {
        guard (1...10_000).contains(chunkSize) else { throw ConsoleError.usage("--chunk : entre 1 et 10000 lignes") }
        guard let data = FileManager.default.contents(atPath: path) else { throw ConsoleError.usage("fichier illisible : \(path)") }
        let text = try CSVText.decode(data, name: path)
        let headerLine = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        let separator = CSVReader.detectSeparator(headerLine: headerLine)
        let records: [CSVReader.Record]
        do {
            records = try CSVReader(separator: separator).records(text)
        } catch let CSVReader.Failure.unterminatedQuote(line) {
            throw ConsoleError.usage("\(path):\(line) : guillemet ouvert jamais refermé")
        }
        guard let header = records.first else { throw ConsoleError.usage("\(path) est vide (une ligne d'en-tête est attendue)") }
        let body = records.dropFirst()

        if let rejectsPath, URL(fileURLWithPath: rejectsPath).standardizedFileURL == URL(fileURLWithPath: path).standardizedFileURL {
            throw ConsoleError.usage("--rejects : \(rejectsPath) est le fichier importé ; choisissez un autre fichier")
        }
        let rejects = try rejectsPath.map { try RejectionFile(path: $0, separator: separator) }

        let importID = UUID().uuidString
        let progress = ProgressReporter(label: "import", total: body.count, style: progressStyle, write: { FileHandle.standardError.write(Data($0.utf8)) })
        var counts = Facturo_V1_ImportCounts()
        var rejected: [Facturo_V1_ImportRejection] = []
        var applied = !allOrNothing
        var acknowledged = 0
        var start = body.startIndex
        do {
            repeat {
                let end = min(start + chunkSize, body.endIndex)
                let request = Facturo_V1_DirectoryImportRequest.with {
                    $0.importID = importID
                    $0.header = header.fields
                    $0.records = body[start..<end].map { record in .with { $0.line = UInt32(record.line); $0.fields = record.fields } }
                    $0.first = start == body.startIndex
                    $0.last = end == body.endIndex
                    $0.allOrNothing = allOrNothing
                }
                let answer = try await connection.call(DirectoryCatalogue.importChunk, request)
                counts.add(answer.counts)
                rejected += answer.rejected
                try rejects?.append(answer.rejected)
                if request.last { applied = answer.applied }
                acknowledged += end - start
                progress.advance(by: end - start)
                start = end
            } while start < body.endIndex
        } catch {
            progress.finish()
            try? rejects?.close()
            // A refusal (not an administrator, a bad header) or a local
            // failure is what it is; only a cut or Ctrl-C is an interruption.
            guard Self.isInterruption(error) else { throw error }
            throw interrupted(by: error, acknowledged: acknowledged, of: body.count, lastSent: start < body.endIndex && min(start + chunkSize, body.endIndex) == body.endIndex)
        }
        progress.finish()
        try rejects?.close()

        var fields: [CommandOutput.Field] = [
            .init("lines", String(body.count)),
            .init("applied", OrganisationOutput.yesNo(applied)),
            .init("structures_created", String(counts.structuresCreated)),
            .init("structures_updated", String(counts.structuresUpdated)),
            .init("structures_unchanged", String(counts.structuresUnchanged)),
            .init("services_created", String(counts.servicesCreated)),
            .init("services_updated", String(counts.servicesUpdated)),
            .init("services_unchanged", String(counts.servicesUnchanged)),
            .init("rejected", String(rejected.count)),
        ]
        for rejection in rejected.prefix(Self.shownRejections) {
            fields.append(.init("line_\(rejection.line)", "\(rejection.code) : \(rejection.reason)"))
        }
        if rejected.count > Self.shownRejections { fields.append(.init("more_rejections", String(rejected.count - Self.shownRejections))) }
        if let rejectsPath { fields.append(.init("rejects_file", rejectsPath)) }
        let report = CommandOutput.record(fields)
        guard rejected.isEmpty, applied else {
            let what = applied
                ? "\(rejected.count) ligne(s) rejetée(s) sur \(body.count), les autres appliquées"
                : "rien n'a été appliqué (--all-or-nothing) : \(rejected.count) ligne(s) rejetée(s) sur \(body.count)"
            let full = rejectsPath.map { " ; la liste complète est dans \($0)" }
                ?? (rejected.count > Self.shownRejections ? " ; la liste complète : relancez avec --rejects FICHIER.csv" : "")
            throw FailureWithOutput(report, ConsoleError(.commandFailed, "import : " + what + full))
        }
        return report
    }

    /// Ctrl-C or a lost connection in the middle: what the server holds,
    /// and that the same file can simply be sent again (lines already
    /// applied come back as unchanged).
    func interrupted(by error: any Error, acknowledged: Int, of total: Int, lastSent: Bool) -> ConsoleError {
        var cause = ConsoleError.from(error)
        let held = allOrNothing
            ? (lastSent
                ? "le dernier envoi est parti sans réponse : l'import a pu être appliqué en entier ou pas du tout (--all-or-nothing)"
                : "rien n'a été appliqué (--all-or-nothing)")
            : "\(acknowledged) ligne(s) sur \(total) acquittée(s) par le serveur, donc appliquées ou rejetées"
        cause.message = "import interrompu : \(held) ; relancer le même fichier est sans risque (les lignes déjà appliquées reviennent inchangées)"
            + (rejectsPath.map { " ; rejets reçus jusque-là dans \($0)" } ?? "") + "\n  cause : " + cause.message
        if Task.isCancelled { cause.status = .commandFailed }
        return cause
    }

    /// Ctrl-C, or the connection lost under the import.
    static func isInterruption(_ error: any Error) -> Bool {
        if error is CancellationError || Task.isCancelled { return true }
        switch error as? ClientError {
        case .connectionClosed?, .transport?: return true
        case let .server(wire)?: return wire.fatal
        default: return false
        }
    }
}

/// `--rejects FILE`: every rejection as it arrives, so that an interrupted
/// import leaves the ones received.
final class RejectionFile {
    private let handle: FileHandle
    private let separator: Character

    init(path: String, separator: Character) throws(ConsoleError) {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw .usage("--rejects : impossible d'écrire \(path)")
        }
        self.handle = handle
        self.separator = separator
        try append(line: ["line", "code", "message"])
    }

    func append(_ rejections: [Facturo_V1_ImportRejection]) throws(ConsoleError) {
        for rejection in rejections { try append(line: [String(rejection.line), rejection.code, rejection.reason]) }
    }

    private func append(line fields: [String]) throws(ConsoleError) {
        do { try handle.write(contentsOf: Data(CSVText.line(fields, separator: separator).utf8)) } catch {
            throw .usage("--rejects : écriture impossible (\(error.localizedDescription))")
        }
    }

    func close() throws(ConsoleError) {
        do { try handle.close() } catch { throw .usage("--rejects : fermeture impossible (\(error.localizedDescription))") }
    }
}

extension Facturo_V1_ImportCounts {
    mutating func add(_ other: Facturo_V1_ImportCounts) {
        structuresCreated += other.structuresCreated
        structuresUpdated += other.structuresUpdated
        structuresUnchanged += other.structuresUnchanged
        servicesCreated += other.servicesCreated
        servicesUpdated += other.servicesUpdated
        servicesUnchanged += other.servicesUnchanged
    }
}
