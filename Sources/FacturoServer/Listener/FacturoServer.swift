import FacturoStore
import FacturoWire
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle

/// The TLS listener, as a swift-service-lifecycle `Service`.
///
/// Accepts connections in a discarding task group (one child per
/// connection, so one connection's failure never reaches another). On
/// graceful shutdown it stops accepting, asks every connection to drain
/// (answer what is in flight, refuse the rest, close), and returns once
/// all are closed.
public final class FacturoServer: Service {
    public static let version = "0.1.0"

    private let configuration: ServerConfiguration
    private let dispatcher: RequestDispatcher
    private let group: any EventLoopGroup
    private let logger: Logger
    private let runtime: ServerRuntime
    private var registry: ConnectionRegistry { runtime.registry }
    private let sslContext: NIOSSLContext
    private let bound: EventLoopPromise<SocketAddress>
    private let serverChannel = NIOLockedValueBox<(any Channel)?>(nil)
    private let liveConnections = LiveConnections()
    /// Bytes held in partial frames, all connections together.
    public var partialFrameBudget: InboundByteBudget { runtime.partialFrameBudget }
    /// Bytes of request payloads being worked on, all connections together.
    public var inFlightPayloadBudget: InboundByteBudget { runtime.inFlightPayloadBudget }

    public init(
        configuration: ServerConfiguration,
        store: any Store,
        hasher: PasswordHasher = .recommended,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        middleware: [any RequestMiddleware] = [],
        logger: Logger
    ) throws {
        self.configuration = configuration
        self.group = group
        self.logger = logger
        self.sslContext = try configuration.tls.makeContext()
        self.runtime = ServerRuntime(
            serverName: configuration.serverName,
            serverVersion: Self.version,
            administrationRequiresClientCertificate: configuration.tls.administrationRequiresClientCertificate,
            lenientVATRounding: configuration.lenientVATRounding,
            maxPartialFrameBytes: configuration.maxPartialFrameBytes,
            // Never below one largest frame: a request that could never fit
            // would be told to retry forever.
            maxInFlightPayloadBytes: max(configuration.maxInFlightPayloadBytes, configuration.limits.maxFrameLength)
        )
        self.dispatcher = RequestDispatcher(
            middleware: middleware,
            store: store,
            authenticator: Authenticator(store: store, hasher: hasher),
            runtime: runtime,
            submissions: SubmissionBatcher(store: store, signer: configuration.signer, metrics: runtime.metrics),
            logger: logger
        )
        self.bound = group.any().makePromise(of: SocketAddress.self)
        store.reportStatementDurations(to: { [metrics = runtime.metrics] in metrics.databaseStatementFinished(duration: $0) })
    }

    /// The address actually bound, once listening (port 0 becomes a real port).
    public func listeningAddress() async throws -> SocketAddress {
        try await bound.futureResult.get()
    }

    /// Connections currently open.
    public var connectionCount: Int { registry.connectionCount }

    /// The metrics in the Prometheus text format, gauges sampled now (what
    /// `admin metrics` and `--metrics-listen` answer).
    public func metricsText() -> String {
        runtime.metrics.render(runtime.metricsSample(kdf: dispatcher.authenticator.scheduler))
    }

    /// Password computations running and waiting.
    public var kdfLoad: (running: Int, waiting: Int) { dispatcher.authenticator.scheduler.load }

    public func run() async throws {
        // Flows a previous run received but did not finish, queued before
        // any new one can arrive.
        await dispatcher.flows.resumeUnfinished()
        let channel: NIOAsyncChannel<any Channel, Never>
        do {
            channel = try await bind()
        } catch {
            bound.fail(error)
            throw error
        }
        serverChannel.withLockedValue { $0 = channel.channel }
        let address = channel.channel.localAddress!
        bound.succeed(address)
        logger.info("listening", metadata: [
            "address": "\(address)",
            "mutualTLS": "\(configuration.tls.clientCA != nil)",
            "adminRequiresClientCertificate": "\(configuration.tls.administrationRequiresClientCertificate)",
        ])

        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await channel.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await self.serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            self.beginShutdown()
        }
        logger.info("stopped")
    }

    /// Stops accepting and drains every connection; `run()` returns when
    /// the last one has closed. Safe to call more than once.
    public func beginShutdown() {
        logger.info("shutting down: draining connections", metadata: ["connections": "\(registry.connectionCount)"])
        registry.drainAll(notice: "le serveur s'arrête : les requêtes en cours se terminent, reconnectez-vous plus tard")
        serverChannel.withLockedValue { $0 }?.close(promise: nil)
    }

    private func serve(_ connection: any Channel) async {
        registry.register(connection)
        // Errors are the connection's own business: they were logged by its
        // handler and end only this connection.
        try? await connection.closeFuture.get()
        registry.deregister(connection)
    }

    private func bind() async throws -> NIOAsyncChannel<any Channel, Never> {
        let limits = configuration.limits
        let identity = ConnectionStateMachine.ServerIdentity(name: configuration.serverName, version: Self.version)
        let sslContext = self.sslContext
        let dispatcher = self.dispatcher
        let logger = self.logger
        let registry = self.registry
        let connectionCounter = ConnectionCounter()
        let live = self.liveConnections
        let maxConnections = configuration.maxConnections
        let budget = self.partialFrameBudget
        let anonymousBudget = runtime.anonymousPartialFrameBudget
        let inFlightBudget = runtime.inFlightPayloadBudget
        let metrics = runtime.metrics
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: 64 * 1024, high: 256 * 1024))
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    var connectionLogger = logger
                    connectionLogger[metadataKey: "connection"] = "\(connectionCounter.next())"
                    let admission = live.open(maximum: maxConnections)
                    metrics.connectionAccepted(admitted: admission == .admitted)
                    channel.closeFuture.whenComplete { _ in live.close() }
                    if admission == .dropped {
                        // Far beyond the limit: not even a TLS handshake, the
                        // descriptor is given back at once.
                        channel.close(promise: nil)
                        return channel
                    }
                    let admitted = admission == .admitted
                    let frameLimit = FrameLengthLimit(limits.maxFrameLengthBeforeLogin, anonymous: true)
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(NIOSSLServerHandler(context: sslContext))
                    try sync.addHandler(IdleStateHandler(readTimeout: limits.idleTimeout))
                    try sync.addHandler(ByteToMessageHandler(FrameDecoder(limit: frameLimit, budget: budget, anonymousBudget: anonymousBudget)))
                    try sync.addHandler(MessageToByteHandler(FrameEncoder(maximumLength: limits.maxFrameLength)))
                    try sync.addHandler(ConnectionHandler(
                        limits: limits, identity: identity, dispatcher: dispatcher, registry: registry,
                        frameLimit: frameLimit, inFlightBudget: inFlightBudget, overCapacity: admitted ? nil : maxConnections, logger: connectionLogger
                    ))
                    return channel
                }
            }
    }
}

/// Connections accepted and not yet closed, refused ones included (they
/// hold a descriptor until they are told and closed).
final class LiveConnections: Sendable {
    private let count = NIOLockedValueBox(0)

    enum Admission: Equatable {
        /// Within the limit.
        case admitted
        /// Just beyond it: told so (`SERVER_TOO_MANY_CONNECTIONS`) once TLS
        /// is up, within a short deadline.
        case refused
        /// Further beyond: closed at once, so that a flood of connections
        /// cannot hold descriptors past the limit.
        case dropped
    }

    /// Connections beyond the limit that are still told why.
    static let refusalMargin = 16

    /// Counts a new connection and says what becomes of it.
    func open(maximum: Int) -> Admission {
        count.withLockedValue { count in
            count += 1
            if count <= maximum { return .admitted }
            return count <= maximum + Self.refusalMargin ? .refused : .dropped
        }
    }

    func close() { count.withLockedValue { $0 -= 1 } }

    var current: Int { count.withLockedValue { $0 } }
}

/// Numbers connections for the logs.
final class ConnectionCounter: Sendable {
    private let value = NIOLockedValueBox<UInt64>(0)
    func next() -> UInt64 { value.withLockedValue { $0 += 1; return $0 } }
}
