import FacturoWire
import NIOCore

/// Runs around every routed request, outermost first, in the manner of
/// Hummingbird's middleware: it may act before and after `next`, or throw
/// instead of calling it. Tests use one to hold a request in flight; a
/// metrics or tracing layer would be another.
public protocol RequestMiddleware: Sendable {
    func handle(
        _ request: InboundRequest, route: AnyRequestDescriptor,
        next: @Sendable () async throws -> ByteBuffer
    ) async throws -> ByteBuffer
}
