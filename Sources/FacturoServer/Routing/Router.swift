import FacturoWire
import NIOCore

/// The request table of the server: one route per catalogued request type,
/// registered area by area (`SessionRoutes`, `DirectoryRoutes`...) in the
/// manner of Hummingbird's route collections.
///
/// Every handler has one signature: its typed request and the request
/// context in, its typed response out. Decoding and encoding happen here,
/// so no handler touches bytes.
struct Router: Sendable {
    typealias Handler<Request, Response> = @Sendable (Request, RequestContext) async throws -> Response

    struct Route: Sendable {
        let descriptor: AnyRequestDescriptor
        let placement: Placement
        let run: @Sendable (ByteBuffer, RequestContext) async throws -> ByteBuffer
    }

    /// Where a route's handler runs. Most handlers decode, check, wait for
    /// the store and encode: microseconds of CPU, best spent on the
    /// connection's own event loop. A handler that may compute for long
    /// runs on the shared concurrency pool so that it never holds the
    /// other connections of its loop.
    enum Placement: Sendable {
        case eventLoop
        case sharedPool
    }

    private(set) var routes: [MessageType: Route] = [:]

    /// Routes `descriptor` to `handler`. Registering a type twice, or one the
    /// connection answers itself, is a programming error caught at start-up
    /// (and by the route-coverage test).
    mutating func on<Request, Response>(
        _ descriptor: RequestDescriptor<Request, Response>, placement: Placement = .eventLoop, _ handler: @escaping Handler<Request, Response>
    ) {
        precondition(descriptor.access != .connection, "\(descriptor.name) is answered by the connection, not routed")
        precondition(routes[descriptor.messageType] == nil, "\(descriptor.name) routed twice")
        routes[descriptor.messageType] = Route(descriptor: descriptor.erased, placement: placement) { payload, context in
            let request = try payload.decodeMessage(Request.self, of: descriptor.messageType)
            return ByteBuffer(message: try await handler(request, context))
        }
    }

    subscript(type: MessageType) -> Route? { routes[type] }

    /// Every area's routes: the server's whole request table.
    static func standard() -> Router {
        var router = Router()
        SessionRoutes.register(&router)
        AdministrationRoutes.register(&router)
        DirectoryRoutes.register(&router)
        UserRoutes.register(&router)
        HabilitationRoutes.register(&router)
        TechnicalAccountRoutes.register(&router)
        AuditRoutes.register(&router)
        DraftRoutes.register(&router)
        UploadRoutes.register(&router)
        InvoiceRoutes.register(&router)
        FormatRoutes.register(&router)
        EngagementRoutes.register(&router)
        CertificateRoutes.register(&router)
        FlowRoutes.register(&router)
        ProcessingRoutes.register(&router)
        HistoryRoutes.register(&router)
        EventRoutes.register(&router)
        return router
    }
}
