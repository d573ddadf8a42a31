import FacturoDomain
import FacturoStore
import FacturoWire
import NIOCore

/// `DirectoryImport` chunks: every record validated by the domain's
/// import layout; good ones applied per chunk (one transaction each), or,
/// all-or-nothing, staged and applied together at the last chunk.
enum DirectoryImportRequests {
    static let maxRecordsPerChunk = 10_000

    static func chunk(_ request: InboundRequest, _ context: OrganisationContext) async throws -> RequestOutcome {
        let chunk = try request.decode(Facturo_V1_DirectoryImportRequest.self)
        let caller = try await context.caller(request)
        try caller.requireAdministrator()
        guard !chunk.importID.isEmpty, chunk.importID.count <= 100 else {
            throw WireError(.invalidArgument, "import_id manquant ou trop long")
        }
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
        return .response(ByteBuffer(message: Facturo_V1_DirectoryImportResponse.with {
            $0.counts = .init(tally)
            $0.rejected = rejected
            $0.applied = true
        }))
    }

    private static func staged(
        _ chunk: Facturo_V1_DirectoryImportRequest, records: [DirectoryImportLayout.Record], rejected: [Facturo_V1_ImportRejection],
        caller: Caller, _ context: OrganisationContext
    ) async throws -> RequestOutcome {
        let key = ImportStaging.Key(session: caller.session.id, importID: chunk.importID)
        guard await context.staging.add(key, records: records, rejected: rejected, first: chunk.first) else {
            throw WireError(.invalidArgument, "import \(chunk.importID) trop volumineux ou expiré ; rien n'a été appliqué")
        }
        // Rejections are reported chunk by chunk, so the console can show progress.
        guard chunk.last, let staged = await context.staging.take(key) else {
            return .response(ByteBuffer(message: Facturo_V1_DirectoryImportResponse.with { $0.rejected = rejected }))
        }
        guard staged.rejected.isEmpty else {
            return .response(ByteBuffer(message: Facturo_V1_DirectoryImportResponse.with {
                $0.rejected = rejected
                $0.applied = false
            }))
        }
        let tally = try await context.store.importDirectory(staged.records, by: caller.actor)
        return .response(ByteBuffer(message: Facturo_V1_DirectoryImportResponse.with {
            $0.counts = .init(tally)
            $0.applied = true
        }))
    }
}
