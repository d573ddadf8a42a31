import CoreMetrics
import FacturoWire
import Foundation
import NIOConcurrencyHelpers
import Prometheus

/// What the server counts, through the swift-metrics API into a Prometheus
/// registry of its own (so that several servers in one process, as in the
/// tests, keep apart, and nothing depends on a global bootstrap).
///
/// Counters and timers are recorded as things happen; the gauges (live
/// connections, sessions, the password-check queue, bytes in partial
/// frames) are sampled when the text is rendered.
public final class ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let connectionsAccepted: CoreMetrics.Counter
    private let connectionsRefused: CoreMetrics.Counter
    /// Time SQLite spent in each statement, all connections together.
    private let databaseStatements: CoreMetrics.Timer
    /// One counter and one timer per (request type, outcome) and type,
    /// made once: creating a metric per request would allocate each time.
    private let perType = NIOLockedValueBox<[String: (CoreMetrics.Counter, CoreMetrics.Timer)]>([:])
    private let gauges: [String: CoreMetrics.Gauge]
    /// Group commit: batches written, and invoices in them (their ratio is
    /// the mean batch size).
    private let submissionBatches: CoreMetrics.Counter
    private let submissionsBatched: CoreMetrics.Counter

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(10), .microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
        ]
        self.factory = factory
        connectionsAccepted = CoreMetrics.Counter(label: "facturo_connections_accepted_total", factory: factory)
        connectionsRefused = CoreMetrics.Counter(label: "facturo_connections_refused_total", factory: factory)
        databaseStatements = CoreMetrics.Timer(label: "facturo_database_statement_duration_seconds", factory: factory)
        submissionBatches = CoreMetrics.Counter(label: "facturo_submission_batches_total", factory: factory)
        submissionsBatched = CoreMetrics.Counter(label: "facturo_submissions_batched_total", factory: factory)
        var gauges: [String: CoreMetrics.Gauge] = [:]
        for name in Self.gaugeNames {
            gauges[name] = CoreMetrics.Gauge(label: name, factory: factory)
        }
        self.gauges = gauges
    }

    static let gaugeNames = [
        "facturo_connections", "facturo_sessions", "facturo_kdf_running", "facturo_kdf_waiting", "facturo_partial_frame_bytes",
    ]

    func connectionAccepted(admitted: Bool) {
        connectionsAccepted.increment()
        if !admitted { connectionsRefused.increment() }
    }

    /// One answered request: its type, `ok` or its error code, how long.
    func requestFinished(type: String, outcome: String, duration: Duration) {
        let key = type + "\u{0}" + outcome
        let (counter, timer) = perType.withLockedValue { cache in
            if let made = cache[key] { return made }
            let made = (
                CoreMetrics.Counter(label: "facturo_requests_total", dimensions: [("type", type), ("outcome", outcome)], factory: factory),
                CoreMetrics.Timer(label: "facturo_request_duration_seconds", dimensions: [("type", type)], factory: factory)
            )
            cache[key] = made
            return made
        }
        counter.increment()
        timer.recordNanoseconds(Self.nanoseconds(duration))
    }

    /// One database statement and how long SQLite took to run it.
    func submissionBatchCommitted(size: Int) {
        submissionBatches.increment()
        submissionsBatched.increment(by: size)
    }

    func databaseStatementFinished(duration: Duration) {
        databaseStatements.recordNanoseconds(Self.nanoseconds(duration))
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        Int64(duration.components.seconds) * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }

    /// Samples every gauge.
    struct Sample {
        var connections: Int
        var sessions: Int
        var kdfRunning: Int
        var kdfWaiting: Int
        var partialFrameBytes: Int
    }

    /// The Prometheus text exposition format, gauges sampled now.
    func render(_ sample: Sample) -> String {
        gauges["facturo_connections"]?.record(sample.connections)
        gauges["facturo_sessions"]?.record(sample.sessions)
        gauges["facturo_kdf_running"]?.record(sample.kdfRunning)
        gauges["facturo_kdf_waiting"]?.record(sample.kdfWaiting)
        gauges["facturo_partial_frame_bytes"]?.record(sample.partialFrameBytes)
        return registry.emitToString()
    }
}
