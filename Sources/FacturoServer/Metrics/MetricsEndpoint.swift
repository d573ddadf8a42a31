import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// `serve --metrics-listen 127.0.0.1:PORT`: the metrics of `admin metrics`
/// over plain HTTP for a Prometheus scraper on the same machine. Loopback
/// only (the command refuses other addresses): the figures need no
/// password, so they must not leave the host. `GET /metrics` answers the
/// text; anything else 404 or 405. Off by default.
public final class MetricsEndpoint: Service {
    private let host: String
    private let port: Int
    private let server: FacturoServer
    private let group: any EventLoopGroup
    private let logger: Logger
    private let bound: EventLoopPromise<SocketAddress>
    private let listening = NIOLockedValueBox<(any Channel)?>(nil)

    public init(host: String, port: Int, server: FacturoServer, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger) {
        self.host = host
        self.port = port
        self.server = server
        self.group = group
        self.logger = logger
        self.bound = group.any().makePromise(of: SocketAddress.self)
    }

    /// Whether `host` names the loopback interface.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The address actually bound (port 0 becomes a real port).
    public func listeningAddress() async throws -> SocketAddress {
        try await bound.futureResult.get()
    }

    /// Stops listening; `run()` returns.
    public func stop() {
        listening.withLockedValue { $0 }?.close(promise: nil)
    }

    public func run() async throws {
        let server = self.server
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler { server.metricsText() })
                    }
                }
                .bind(host: host, port: port).get()
        } catch {
            bound.fail(error)
            throw error
        }
        listening.withLockedValue { $0 = channel }
        bound.succeed(channel.localAddress!)
        logger.info("metrics listening", metadata: ["address": "\(channel.localAddress!)"])
        try await withGracefulShutdownHandler {
            try await channel.closeFuture.get()
        } onGracefulShutdown: {
            channel.close(promise: nil)
        }
    }
}

/// One HTTP/1 exchange per request: the metrics text, then close.
final class MetricsHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let render: @Sendable () -> String
    private var head: HTTPRequestHead?

    init(render: @escaping @Sendable () -> String) {
        self.render = render
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(head):
            self.head = head
        case .body:
            break
        case .end:
            guard let head else { return }
            self.head = nil
            let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
            let (status, body): (HTTPResponseStatus, String) = switch (head.method, path) {
            case (.GET, "/metrics"): (.ok, render())
            case (_, "/metrics"): (.methodNotAllowed, "GET /metrics only\n")
            default: (.notFound, "GET /metrics\n")
            }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")
            headers.add(name: "Content-Length", value: String(body.utf8.count))
            headers.add(name: "Connection", value: "close")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
