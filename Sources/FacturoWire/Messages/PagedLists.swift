/// The list requests that are paged (PROTOCOL.md, "Paged lists"), so that
/// a client can walk every page of any of them the same way.
public protocol PagedListRequest: Sendable {
    var limit: UInt32 { get set }
    var cursor: String { get set }
}

public protocol PagedListResponse: Sendable {
    var nextCursor: String { get set }
    var total: UInt32 { get set }
    /// Adds the items of the following page to this one.
    mutating func appendPage(_ next: Self)
}

extension Facturo_V1_ListSessionsRequest: PagedListRequest {}
extension Facturo_V1_UserListRequest: PagedListRequest {}
extension Facturo_V1_MyHabilitationsRequest: PagedListRequest {}
extension Facturo_V1_HabilitationListRequest: PagedListRequest {}
extension Facturo_V1_HabilitationRequestListRequest: PagedListRequest {}
extension Facturo_V1_TechnicalAccountListRequest: PagedListRequest {}

extension Facturo_V1_ListSessionsResponse: PagedListResponse {
    public mutating func appendPage(_ next: Self) { sessions += next.sessions }
}

extension Facturo_V1_UserListResponse: PagedListResponse {
    public mutating func appendPage(_ next: Self) { users += next.users }
}

extension Facturo_V1_MyHabilitationsResponse: PagedListResponse {
    public mutating func appendPage(_ next: Self) {
        habilitations += next.habilitations
        attachments += next.attachments
    }
}

extension Facturo_V1_HabilitationListResponse: PagedListResponse {
    public mutating func appendPage(_ next: Self) { habilitations += next.habilitations }
}

extension Facturo_V1_HabilitationRequestListResponse: PagedListResponse {
    public mutating func appendPage(_ next: Self) {
        requests += next.requests
        // The count of pending requests is the whole list's on every page.
        pendingCount = next.pendingCount
    }
}

extension Facturo_V1_TechnicalAccountListResponse: PagedListResponse {
    public mutating func appendPage(_ next: Self) { accounts += next.accounts }
}
