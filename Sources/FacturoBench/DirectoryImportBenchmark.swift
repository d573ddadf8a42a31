import FacturoClient
import FacturoConsole
import FacturoDomain
import FacturoServer
import FacturoStore
import Foundation

/// `directory import` of a generated file through the whole path the
/// console uses (CSV reading, chunks over TLS, validation, SQLite), against
/// the same records written straight into the store (no CSV, no wire) in
/// the same run.
public struct DirectoryImportBenchmark {
    let certificates: String
    let folder: URL

    public init(certificates: String) throws {
        self.certificates = certificates
        folder = try BenchmarkServer.temporaryFolder("facturo-bench-import")
    }

    static let header = "identifiant;raison_sociale;adresse;code_postal;ville;publique;code_service_obligatoire;service_code;service_libelle"

    /// `structures` lines, one service on every tenth: valid SIRETs built
    /// from a counter with their Luhn key, names with accents.
    static func csv(structures: Int) -> String {
        var lines = [header]
        lines.reserveCapacity(structures + 1)
        for index in 0..<structures {
            let siret = siretNumber(index)
            let service = index % 10 == 0 ? "SERVICES_GENERAUX;Services généraux" : ";"
            lines.append("\(siret);\"COMMUNE DE L'ÉTABLISSEMENT \(index)\";\(index) rue de la République;\(10000 + index % 80000);Ville \(index % 977);oui;non;\(service)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func siretNumber(_ index: Int) -> String {
        let body = "2" + String(100_000_000_000 + index).suffix(12)
        let digits = body.compactMap(\.wholeNumberValue)
        for key in 0...9 where Siret.luhnKeyIsValid(digits + [key]) {
            return body + String(key)
        }
        return body + "0"
    }

    public func run(structures: Int, chunk: Int) async throws -> [BenchmarkResult] {
        let csvPath = folder.appendingPathComponent("annuaire.csv").path
        let text = Self.csv(structures: structures)
        try text.write(toFile: csvPath, atomically: true, encoding: .utf8)
        let clock = ContinuousClock()

        // Reference: the records straight into a store, chunk by chunk.
        let layout = try DirectoryImportLayout(header: Self.header.split(separator: ";").map(String.init))
        let rows = try CSVReader(separator: ";").records(text).dropFirst()
        let records = try rows.map { try layout.record($0.fields) }
        let direct = try SQLiteStore(path: folder.appendingPathComponent("direct.sqlite").path)
        let directTime = try await clock.measure {
            var start = records.startIndex
            while start < records.endIndex {
                let end = min(start + chunk, records.endIndex)
                _ = try await direct.importDirectory(Array(records[start..<end]), by: .system)
                start = end
            }
        }
        try await direct.close()

        // Measured: what `directory import` does, against a real server.
        let store = try SQLiteStore(path: folder.appendingPathComponent("facturo.sqlite").path)
        let hasher = PasswordHasher(logN: 10, blockSize: 8, parallelism: 1)
        _ = try await store.createUser(NewUser(
            email: EmailAddress("admin@bench.fr"), displayName: "Banc d'essai", kind: .entitePublique,
            isPlatformAdministrator: true, passwordHash: hasher.hash("mot de passe du banc")
        ))
        let server = try await BenchmarkServer.start(certificates: certificates, store: store, hasher: hasher)
        defer { server.server.beginShutdown() }
        let connection = try await server.connect()
        _ = try await connection.login(email: "admin@bench.fr", password: "mot de passe du banc")
        let importer = DirectoryImport(path: csvPath, allOrNothing: false, chunkSize: chunk, progressStyle: .lines(interval: 3600))
        var report: CommandOutput = .none
        let wireTime = try await clock.measure { report = try await importer.run(connection) }
        await connection.close()
        try await server.stop()

        guard case let .record(fields) = report, fields.first(where: { $0.name == "structures_created" })?.value == String(structures) else {
            throw BenchmarkFailure.unexpected("import report: \(report)")
        }
        let seconds = Double(wireTime.components.seconds) + Double(wireTime.components.attoseconds) / 1e18
        let directSeconds = Double(directTime.components.seconds) + Double(directTime.components.attoseconds) / 1e18
        return [BenchmarkResult(
            name: "directory import \(structures) structures (console → TLS → server → SQLite)",
            value: seconds, unit: "s",
            reference: (name: "same records straight into the store", value: directSeconds),
            detail: String(format: "%.0f structures/s; chunks of %d; one service every 10 lines", Double(structures) / seconds, chunk)
        )]
    }
}

enum BenchmarkFailure: Error {
    case unexpected(String)
}
