import FacturoDomain
import FacturoStore
import FacturoWire

/// `DirectoryImport` chunks: every record validated by the domain's
/// import layout; good ones applied per chunk (one transaction each), or,
/// all-or-nothing, staged and applied together at the last chunk.
enum DirectoryImportHandler {
    static let maxRecordsPerChunk = 10_000

    @Sendable static func chunk(_ chunk: Facturo_V1_DirectoryImportRequest, _ context: RequestContext) async throws -> Facturo_V1_DirectoryImportResponse {
        let caller = try await context.caller()
        try caller.requireAdministrator()
        try WireArguments.bounded(chunk.importID, .importID)
        guard !chunk.importID.isEmpty else { throw WireError(.invalidArgument, "import_id manquant") }
        guard chunk.records.count <= maxRecordsPerChunk else {
            throw WireError(.invalidArgument, "au plus \(maxRecordsPerChunk) lignes par envoi")
        }
        let layout: DirectoryImportLayout
        do { layout = try DirectoryImportLayout(header: chunk.header) } catch { throw WireError(error) }

        var records: [DirectoryImportLayout.Record] = []
        var rejected: [Facturo_V1_ImportRejection] = []
        records.reserveCapacity(chunk.records.count)
        for record in chunk.records {
            do {
                records.append(try layout.record(record.fields))
            } catch {
                rejected.append(.with {
                    $0.line = record.line
                    $0.code = error.code.rawValue
                    $0.reason = error.message
                })
            }
        }

        if chunk.allOrNothing {
            return try await staged(chunk, records: records, rejected: rejected, caller: caller, context)
        }
        let tally = records.isEmpty ? ImportTally() : try await context.store.importDirectory(records, by: caller.actor)
        return .with {
            $0.counts = .init(tally)
            $0.rejected = rejected
            $0.applied = true
        }
    }

    private static func staged(
        _ chunk: Facturo_V1_DirectoryImportRequest, records: [DirectoryImportLayout.Record], rejected: [Facturo_V1_ImportRejection],
        caller: Caller, _ context: RequestContext
    ) async throws -> Facturo_V1_DirectoryImportResponse {
        let key = ImportStaging.Key(session: caller.session.id, importID: chunk.importID)
        guard await context.runtime.importStaging.add(key, records: records, rejected: rejected, first: chunk.first) else {
            throw WireError(.invalidArgument, "import \(chunk.importID) trop volumineux ou expiré ; rien n'a été appliqué")
        }
        // Rejections are reported chunk by chunk, so the console can show progress.
        guard chunk.last, let staged = await context.runtime.importStaging.take(key) else {
            return .with { $0.rejected = rejected }
        }
        guard staged.rejected.isEmpty else {
            return .with {
                $0.rejected = rejected
                $0.applied = false
            }
        }
        let tally = try await context.store.importDirectory(staged.records, by: caller.actor)
        return .with {
            $0.counts = .init(tally)
            $0.applied = true
        }
    }
}
