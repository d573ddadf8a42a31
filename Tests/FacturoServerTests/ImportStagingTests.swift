import FacturoDomain
@testable import FacturoServer
import Testing

/// All-or-nothing imports wait on the server between chunks; the waiting
/// room is bounded so an abandoned import cannot grow memory for ever.
@Suite struct ImportStagingTests {
    static let record = DirectoryImportLayout.Record(
        structure: try! Structure(identifier: .etat, name: "ETAT", isPublic: true), service: nil
    )

    @Test func chunksAccumulateUntilTaken() async {
        let staging = ImportStaging()
        let key = ImportStaging.Key(session: "s", importID: "i")
        #expect(await staging.add(key, records: [Self.record], rejected: [], first: true))
        #expect(await staging.add(key, records: [Self.record, Self.record], rejected: [.with { $0.line = 4 }], first: false))
        let taken = await staging.take(key)
        #expect(taken?.records.count == 3)
        #expect(taken?.rejected.map(\.line) == [4])
        #expect(await !staging.isStaged(key))
    }

    @Test func aLaterChunkOfAnUnknownImportIsRefused() async {
        let staging = ImportStaging()
        #expect(await !staging.add(.init(session: "s", importID: "lost"), records: [Self.record], rejected: [], first: false))
    }

    @Test func theOldestImportMakesRoomAndOversizedImportsAreDropped() async {
        let staging = ImportStaging()
        let keys = (0...ImportStaging.maxImports).map { ImportStaging.Key(session: "s", importID: "i\($0)") }
        for key in keys { #expect(await staging.add(key, records: [], rejected: [], first: true)) }
        #expect(await !staging.isStaged(keys[0]))
        #expect(await staging.isStaged(keys.last!))

        let big = Array(repeating: Self.record, count: ImportStaging.maxRecords)
        #expect(await staging.add(keys.last!, records: big, rejected: [], first: false))
        #expect(await !staging.add(keys.last!, records: [Self.record], rejected: [], first: false))
        #expect(await !staging.isStaged(keys.last!))
    }
}
