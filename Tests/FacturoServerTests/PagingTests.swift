import FacturoClient
@testable import FacturoServer
import FacturoWire
import Testing

/// Every list request is paged the same way (PROTOCOL.md, "Paged lists").
@Suite struct PagingTests {
    static func paging(_ limit: UInt32, _ cursor: String = "") throws -> Paging {
        try Paging(limit: limit, cursor: cursor)
    }

    @Test func pagesFollowEachOtherToTheEnd() throws {
        let all = ["d", "a", "c", "b", "e"]
        let first = try Self.paging(2).page(all) { $0 }
        #expect(first.items == ["a", "b"] && first.nextCursor == "b" && first.total == 5)
        let second = try Self.paging(2, first.nextCursor).page(all) { $0 }
        #expect(second.items == ["c", "d"] && second.nextCursor == "d")
        let last = try Self.paging(2, second.nextCursor).page(all) { $0 }
        #expect(last.items == ["e"] && last.nextCursor.isEmpty)
        // Exactly full last page: no empty page after it.
        let exact = try Self.paging(5).page(all) { $0 }
        #expect(exact.items.count == 5 && exact.nextCursor.isEmpty)
    }

    @Test func anItemGoneBetweenPagesNeitherRepeatsNorSkipsAnother() throws {
        let first = try Self.paging(2).page(["a", "b", "c", "d"]) { $0 }
        // "b", the cursor itself, was removed meanwhile; "bb" was added after it.
        let next = try Self.paging(2, first.nextCursor).page(["a", "bb", "c", "d"]) { $0 }
        #expect(next.items == ["bb", "c"])
    }

    @Test func limitsHaveADefaultAndAMaximum() throws {
        let many = (0..<1_500).map { Paging.sortable(Int64($0)) }
        #expect(try Self.paging(0).page(many) { $0 }.items.count == Paging.defaultLimit)
        #expect(try Self.paging(5_000).page(many) { $0 }.items.count == Paging.maximumLimit)
        #expect(throws: WireError.self) { try Self.paging(10, String(repeating: "x", count: 1_025)) }
    }

    @Test func keysSortLikeTheNumbersTheyHold() {
        let numbers: [Int64] = [10, 9, 100, 0, Int64.max]
        #expect(numbers.map(Paging.sortable).sorted { Paging.precedes($0, $1) } == numbers.sorted().map(Paging.sortable))
    }

    /// End to end: the administrators' user list walked page by page gives
    /// every user once, in order, and the console's walk gives the same.
    @Test func theUserListWalkedPageByPage() async throws {
        let fixture = try await OrganisationFixture.start()
        let admin = try await fixture.connect(as: .administrator)
        var seen: [String] = []
        var cursor = ""
        var pages = 0
        repeat {
            let page = try await admin.call(UserCatalogue.list, Facturo_V1_UserListRequest.with { $0.limit = 2; $0.cursor = cursor })
            #expect(page.users.count <= 2)
            #expect(Int(page.total) == (try await fixture.server.store.users(attachedTo: nil)).count)
            seen += page.users.map(\.user.email)
            cursor = page.nextCursor
            pages += 1
        } while !cursor.isEmpty && pages < 100
        #expect(seen == seen.sorted() && Set(seen).count == seen.count)
        #expect(seen.count == (try await fixture.server.store.users(attachedTo: nil)).count)
        #expect(pages > 1)
        let whole = try await admin.callAllPages(UserCatalogue.list, Facturo_V1_UserListRequest.with { $0.limit = 3 })
        #expect(whole.users.map(\.user.email) == seen)

        let refused = await CallOutcome.of {
            _ = try await admin.call(UserCatalogue.list, Facturo_V1_UserListRequest.with { $0.cursor = String(repeating: "z", count: 2_000) })
        }
        #expect(refused == .refused("INVALID_ARGUMENT"))
        await admin.close()
        try await fixture.server.shutdown()
    }

    @Test func everyListAnswersWithItsTotal() async throws {
        let fixture = try await OrganisationFixture.start()
        let manager = try await fixture.connect(as: .manager)
        let admin = try await fixture.connect(as: .administrator)
        let commune = OrganisationFixture.commune
        let habilitations = try await manager.call(HabilitationCatalogue.list, Facturo_V1_HabilitationListRequest.with { $0.structure = commune; $0.limit = 1 })
        #expect(habilitations.habilitations.count == 1 && habilitations.total > 1 && !habilitations.nextCursor.isEmpty)
        let all = try await manager.callAllPages(HabilitationCatalogue.list, Facturo_V1_HabilitationListRequest.with { $0.structure = commune; $0.limit = 1 })
        #expect(all.habilitations.count == Int(habilitations.total))

        let accounts = try await manager.call(TechnicalAccountCatalogue.list, Facturo_V1_TechnicalAccountListRequest.with { $0.structure = commune })
        #expect(Int(accounts.total) == accounts.accounts.count && accounts.nextCursor.isEmpty)

        let requests = try await manager.call(HabilitationCatalogue.listRequests, Facturo_V1_HabilitationRequestListRequest.with { $0.structure = commune; $0.limit = 1 })
        #expect(requests.requests.count == min(1, Int(requests.total)))

        let sessions = try await admin.call(AdministrationCatalogue.listSessions, Facturo_V1_ListSessionsRequest.with { $0.limit = 1 })
        #expect(sessions.sessions.count == 1 && sessions.total == 2 && !sessions.nextCursor.isEmpty)
        let bothSessions = try await admin.callAllPages(AdministrationCatalogue.listSessions, Facturo_V1_ListSessionsRequest.with { $0.limit = 1 })
        #expect(Set(bothSessions.sessions.map(\.email)) == [OrganisationFixture.Role.manager.email!, OrganisationFixture.Role.administrator.email!])

        let mine = try await manager.call(HabilitationCatalogue.mine, Facturo_V1_MyHabilitationsRequest.with { $0.limit = 1 })
        #expect(mine.attachments.count == 1 && Int(mine.total) >= 1)
        #expect(mine.habilitations.allSatisfy { $0.structure == mine.attachments[0].structure })
        for connection in [manager, admin] { await connection.close() }
        try await fixture.server.shutdown()
    }
}
