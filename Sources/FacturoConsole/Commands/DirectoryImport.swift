import FacturoClient
import FacturoWire
import Foundation

/// `directory import FILE.csv`: reads the file, splits it into records,
/// sends them in chunks with progress, and sums up the server's report.
/// Public so that the benchmark measures exactly what the console does.
public struct DirectoryImport: Sendable {
    public var path: String
    public var allOrNothing: Bool
    public var chunkSize: Int
    /// Where progress goes; the console's standard error by default.
    public var progressStyle: ProgressReporter.Style

    public init(path: String, allOrNothing: Bool, chunkSize: Int, progressStyle: ProgressReporter.Style = ProgressReporter.defaultStyle()) {
        self.path = path
        self.allOrNothing = allOrNothing
        self.chunkSize = chunkSize
        self.progressStyle = progressStyle
    }

    public func run(_ connection: FacturoConnection) async throws -> CommandOutput {
        guard (1...10_000).contains(chunkSize) else { throw ConsoleError.usage("--chunk : entre 1 et 10000 lignes") }
        guard let data = FileManager.default.contents(atPath: path) else { throw ConsoleError.usage("fichier illisible : \(path)") }
        guard var text = String(data: data, encoding: .utf8) else { throw ConsoleError.usage("\(path) n'est pas en UTF-8") }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let headerLine = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        let records: [CSVReader.Record]
        do {
            records = try CSVReader(separator: CSVReader.detectSeparator(headerLine: headerLine)).records(text)
        } catch let CSVReader.Failure.unterminatedQuote(line) {
            throw ConsoleError.usage("\(path):\(line) : guillemet ouvert jamais refermé")
        }
        guard let header = records.first else { throw ConsoleError.usage("\(path) est vide (une ligne d'en-tête est attendue)") }
        let body = records.dropFirst()

        let importID = UUID().uuidString
        let progress = ProgressReporter(label: "import", total: body.count, style: progressStyle, write: { FileHandle.standardError.write(Data($0.utf8)) })
        var counts = Facturo_V1_ImportCounts()
        var rejected: [Facturo_V1_ImportRejection] = []
        var applied = !allOrNothing
        var start = body.startIndex
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
            if request.last { applied = answer.applied }
            progress.advance(by: end - start)
            start = end
        } while start < body.endIndex
        progress.finish()

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
        for rejection in rejected.prefix(50) {
            fields.append(.init("line_\(rejection.line)", "\(rejection.code) : \(rejection.reason)"))
        }
        if rejected.count > 50 { fields.append(.init("more_rejections", String(rejected.count - 50))) }
        return .record(fields)
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
