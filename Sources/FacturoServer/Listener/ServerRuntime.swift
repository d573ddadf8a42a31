import Foundation
import NIOConcurrencyHelpers
import FacturoWire

/// What request handlers may know and do about the running server as a
/// whole: its connections and sessions, counters, and the drain switch.
public final class ServerRuntime: Sendable {
    let registry = ConnectionRegistry()
    /// All-or-nothing directory imports waiting for their last chunk.
    let importStaging = ImportStaging()
    /// Counters, timers and gauges for `admin metrics`.
    let metrics = ServerMetrics()
    /// Bytes held in partial frames, all connections together.
    let partialFrameBudget: InboundByteBudget
    /// The quarter of it that connections without a session may hold.
    let anonymousPartialFrameBudget: InboundByteBudget
    /// Bytes of request payloads received whole and not yet answered.
    let inFlightPayloadBudget: InboundByteBudget
    let startedAt: Date
    let serverName: String
    let serverVersion: String
    /// Platform administration needs a verified client certificate too.
    let administrationRequiresClientCertificate: Bool
    /// Exports being downloaded slice by slice (`InvoiceExport`).
    let exports = ExportCache()
    /// `serve --lenient-vat-rounding`: the EN 16931 checks' default tolerance.
    let lenientVATRounding: Bool
    private let counters = NIOLockedValueBox(RequestCounters())
    private let drainingFlag = NIOLockedValueBox(false)

    init(
        serverName: String, serverVersion: String, administrationRequiresClientCertificate: Bool, lenientVATRounding: Bool = false,
        maxPartialFrameBytes: Int = ServerConfiguration.defaultMaxPartialFrameBytes,
        maxInFlightPayloadBytes: Int = ServerConfiguration.defaultMaxInFlightPayloadBytes, startedAt: Date = Date()
    ) {
        self.inFlightPayloadBudget = InboundByteBudget(capacity: maxInFlightPayloadBytes)
        self.lenientVATRounding = lenientVATRounding
        self.partialFrameBudget = InboundByteBudget(capacity: maxPartialFrameBytes)
        self.anonymousPartialFrameBudget = InboundByteBudget(capacity: maxPartialFrameBytes / 4)
        self.serverName = serverName
        self.serverVersion = serverVersion
        self.administrationRequiresClientCertificate = administrationRequiresClientCertificate
        self.startedAt = startedAt
    }

    /// The one place of the rule "administrators act only over a verified
    /// client certificate" (admin requests and organisation powers alike).
    func admitAdministrator(_ session: Session) throws(WireError) {
        if administrationRequiresClientCertificate, session.clientCertificateSubject == nil {
            throw WireError(.clientCertificateRequired, "les comptes administrateurs n'agissent que sur une connexion TLS mutuelle (certificat client)")
        }
    }

    /// The metrics' gauges as they stand now; `kdf` is the server's queue.
    func metricsSample(kdf: KDFScheduler) -> ServerMetrics.Sample {
        let load = kdf.load
        return ServerMetrics.Sample(
            connections: registry.connectionCount, sessions: registry.sessions.count,
            kdfRunning: load.running, kdfWaiting: load.waiting, partialFrameBytes: partialFrameBudget.reserved
        )
    }

    /// Once set, new logins are refused with SERVER_DRAINING.
    var isDraining: Bool { drainingFlag.withLockedValue { $0 } }

    func startDraining() { drainingFlag.withLockedValue { $0 = true } }

    func countRequest(at time: Date = Date()) {
        counters.withLockedValue { $0.record(at: time) }
    }

    var requestsTotal: UInt64 { counters.withLockedValue { $0.total } }

    func requestsLastMinute(at time: Date = Date()) -> UInt64 {
        counters.withLockedValue { $0.lastMinute(at: time) }
    }
}

/// Requests per second over a sliding minute: 60 one-second buckets.
struct RequestCounters {
    private(set) var total: UInt64 = 0
    private var buckets = [UInt64](repeating: 0, count: 60)
    private var bucketSecond = [Int64](repeating: -1, count: 60)

    mutating func record(at time: Date) {
        total += 1
        let second = Int64(time.timeIntervalSince1970.rounded(.down))
        let index = Int(second % 60)
        if bucketSecond[index] != second {
            bucketSecond[index] = second
            buckets[index] = 0
        }
        buckets[index] += 1
    }

    func lastMinute(at time: Date) -> UInt64 {
        let now = Int64(time.timeIntervalSince1970.rounded(.down))
        return zip(buckets, bucketSecond).reduce(0) { sum, pair in
            now - pair.1 < 60 && pair.1 <= now ? sum + pair.0 : sum
        }
    }
}
