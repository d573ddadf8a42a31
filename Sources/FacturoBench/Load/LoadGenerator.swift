import FacturoClient
import FacturoWire
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// `facturo-bench load`: N TLS connections, each logged in, P requests in
/// flight on each, one request kind; throughput, latency percentiles from
/// an HdrHistogram, errors by code, and the server's CPU per request when
/// the server is a local process (from /proc).
public struct LoadGenerator: Sendable {
    public enum Mix: String, CaseIterable, Sendable {
        case ping, whoami
        case structureShow = "structure-show"
        case myHabilitations = "my-habilitations"
        case directorySearch = "directory-search"
        /// A typed invoice of 1 line (of 10 lines) submitted in one call
        /// (InvoiceSubmit), each committed durably with its signed
        /// certificate; by a supplier (fournisseur@demo.facturo.fr) to the
        /// Commune de Démo.
        case submit1 = "submit-1"
        case submit10 = "submit-10"
        /// The supplier's first page of sent invoices (InvoiceSearch, 20).
        case invoiceSearch = "invoice-search"
        /// One of the supplier's invoices, whole (InvoiceShow).
        case invoiceShow = "invoice-show"
        /// A received invoice's status and the moves legal now
        /// (InvoiceStatuses), by the recipient (acheteur@demo.facturo.fr).
        case status
        /// The recipient takes a received invoice from MISE_A_DISPOSITION to
        /// SERVICE_FAIT (InvoiceProcess): a durable write with its chained
        /// history entry and its notifications; each invoice once (the
        /// submit mixes leave plenty).
        case process
    }

    public struct Report: Sendable {
        public var mix: Mix
        public var connections: Int
        public var depth: Int
        public var requests: UInt64
        public var seconds: Double
        public var latency: LatencyRecorder
        public var errors: [String: Int]
        public var serverCPUSeconds: Double?
        /// Group commit during the run (submit mixes, with an administrator
        /// to read the server's metrics): batches written, invoices in them.
        public var batches: (count: Double, invoices: Double)?

        public var throughput: Double { Double(requests) / seconds }
        /// Microseconds of server CPU per request.
        public var serverCPUPerRequest: Double? { serverCPUSeconds.map { $0 * 1_000_000 / Double(max(requests, 1)) } }

        public var text: String {
            var lines = [
                "mix \(mix.rawValue), \(connections) connections × \(depth) in flight: \(requests) requests in \(String(format: "%.2f", seconds)) s = \(String(format: "%.0f", throughput)) req/s",
                "latency: p50 \(latency.percentile(50)) µs · p90 \(latency.percentile(90)) µs · p99 \(latency.percentile(99)) µs · p99.9 \(latency.percentile(99.9)) µs · max \(latency.maximum) µs",
            ]
            if let cpu = serverCPUPerRequest { lines.append("server CPU: \(String(format: "%.1f", cpu)) µs per request") }
            if let batches { lines.append("group commit: \(Int(batches.count)) batches, \(String(format: "%.1f", batches.invoices / max(batches.count, 1))) invoices per batch") }
            lines.append(errors.isEmpty ? "errors: none" : "errors: " + errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            return lines.joined(separator: "\n")
        }

        public var json: String {
            var fields: [String] = [
                "\"mix\": \"\(mix.rawValue)\"", "\"connections\": \(connections)", "\"depth\": \(depth)",
                "\"requests\": \(requests)", "\"seconds\": \(seconds)", "\"throughput\": \(throughput)",
                "\"p50_us\": \(latency.percentile(50))", "\"p90_us\": \(latency.percentile(90))", "\"p99_us\": \(latency.percentile(99))",
                "\"p999_us\": \(latency.percentile(99.9))", "\"max_us\": \(latency.maximum)",
            ]
            if let cpu = serverCPUPerRequest { fields.append("\"server_cpu_us_per_request\": \(cpu)") }
            if let batches { fields.append("\"batches\": \(batches.count)"); fields.append("\"invoices_per_batch\": \(batches.invoices / max(batches.count, 1))") }
            fields.append("\"errors\": {" + errors.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}")
            return "{" + fields.joined(separator: ", ") + "}"
        }
    }

    public enum Stop: Sendable {
        case duration(Duration)
        case count(Int)
    }

    let configuration: ClientConfiguration
    let email: String
    let password: String
    let structure: String
    let group: any EventLoopGroup
    /// The supplier of the submit mixes.
    let supplier: String
    /// Numbers are unique per run (several runs share one database).
    let runPrefix = "BENCH\(UInt32.random(in: 0...UInt32.max))"
    let submitted = NIOLockedValueBox(0)
    /// The invoice `invoice-show` reads, found once.
    let shown = NIOLockedValueBox<String?>(nil)
    /// The invoice `status` reads, found once.
    let received = NIOLockedValueBox<String?>(nil)
    /// Invoices awaiting the recipient, for `process`.
    let awaiting = AwaitingInvoices()

    public init(
        configuration: ClientConfiguration, email: String, password: String, structure: String = "21100001900011",
        supplier: String = "73282932000074", group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.supplier = supplier
        self.configuration = configuration
        self.email = email
        self.password = password
        self.structure = structure
        self.group = group
    }

    /// The group-commit counters of a server, read as `administrator`.
    public func batchCounters(administrator: String) async throws -> (count: Double, invoices: Double) {
        let connection = try await FacturoConnection.connect(configuration, group: group)
        _ = try await connection.login(email: administrator, password: password)
        let text = try await connection.call(AdministrationCatalogue.metrics, Facturo_V1_ServerMetricsRequest()).text
        await connection.close()
        func value(_ name: String) -> Double {
            text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
        }
        return (value("facturo_submission_batches_total"), value("facturo_submissions_batched_total"))
    }

    public func run(mix: Mix, connections: Int, depth: Int, stop: Stop, serverPID: Int32?) async throws -> Report {
        // Connect and log in first, all at once: the server's KDF queue
        // admits as many logins as it has cores.
        let loops = self.group
        let opened = try await withThrowingTaskGroup(of: FacturoConnection.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    let connection = try await FacturoConnection.connect(configuration, group: loops)
                    _ = try await connection.login(email: email, password: password)
                    if mix == .process {
                        // The 50 sessions are one user's: each change would
                        // be pushed to all 50 (and pile up unread here), a
                        // fan-out no real recipient has. They listen to
                        // nothing; the outbox rows are still written.
                        _ = try await connection.call(InvoiceCatalogue.eventUnsubscribe, .with { $0.structures = [structure] })
                    }
                    return connection
                }
            }
            return try await group.reduce(into: [FacturoConnection]()) { $0.append($1) }
        }
        let remaining = NIOLockedValueBox<Int>({ if case let .count(n) = stop { n } else { .max } }())
        let deadline: ContinuousClock.Instant? = if case let .duration(d) = stop { .now + d } else { nil }
        let cpuBefore = serverPID.flatMap(ProcessCPU.seconds)
        let started = ContinuousClock.now
        let workers = try await withThrowingTaskGroup(of: (LatencyRecorder, [String: Int], UInt64).self) { group in
            for connection in opened {
                // Each worker runs on its connection's event loop: the load
                // generator's own thread switches would otherwise cost the
                // machine (shared with the server) as much as the server's.
                let executor = EventLoopTaskExecutor(connection.eventLoop)
                for _ in 0..<depth {
                    group.addTask(executorPreference: executor) {
                        var latency = LatencyRecorder()
                        var errors: [String: Int] = [:]
                        var done: UInt64 = 0
                        while true {
                            if let deadline, ContinuousClock.now >= deadline { break }
                            let take = remaining.withLockedValue { left -> Bool in
                                guard left > 0 else { return false }
                                left -= 1
                                return true
                            }
                            guard take else { break }
                            let begin = ContinuousClock.now
                            do {
                                try await self.request(mix, on: connection)
                            } catch let error as ClientError {
                                errors[error.code?.rawValue ?? "TRANSPORT", default: 0] += 1
                                if !connection.isActive { break }
                            }
                            latency.record(ContinuousClock.now - begin)
                            done += 1
                        }
                        return (latency, errors, done)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let elapsed = ContinuousClock.now - started
        let cpuAfter = serverPID.flatMap(ProcessCPU.seconds)
        for connection in opened { await connection.close() }
        var latency = LatencyRecorder()
        var errors: [String: Int] = [:]
        var requests: UInt64 = 0
        for (workerLatency, workerErrors, done) in workers {
            latency.merge(workerLatency)
            errors.merge(workerErrors, uniquingKeysWith: +)
            requests += done
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let cpu: Double? = if let cpuBefore, let cpuAfter { cpuAfter - cpuBefore } else { nil }
        return Report(mix: mix, connections: connections, depth: depth, requests: requests, seconds: seconds, latency: latency, errors: errors, serverCPUSeconds: cpu)
    }

    /// A valid typed invoice of `lines` lines to the commune's VOIRIE service.
    public static func invoice(number: String, lines: Int, supplier: String, recipient: String) -> Facturo_V1_InvoiceSubmitRequest {
        .with {
            $0.supplier = supplier
            $0.header.number = number
            $0.header.recipient = recipient
            $0.header.recipientService = "VOIRIE"
            $0.lines = (0..<lines).map { index in
                .with {
                    $0.designation = "Fourniture \(index + 1)"
                    $0.quantity = "\(index + 1)"
                    $0.unit = "Pièce"
                    $0.unitPrice = "12.5"
                    $0.vatRate = index % 2 == 0 ? "20" : "5.5"
                }
            }
            $0.key = number
        }
    }

    private func request(_ mix: Mix, on connection: FacturoConnection) async throws {
        switch mix {
        case .ping:
            _ = try await connection.ping()
        case .whoami:
            _ = try await connection.whoAmI()
        case .structureShow:
            _ = try await connection.call(DirectoryCatalogue.show, .with { $0.structure = structure })
        case .myHabilitations:
            _ = try await connection.call(HabilitationCatalogue.mine, Facturo_V1_MyHabilitationsRequest())
        case .directorySearch:
            _ = try await connection.call(DirectoryCatalogue.search, .with {
                $0.name = "commune"
                $0.limit = 10
            })
        case .submit1, .submit10:
            let number = "\(runPrefix)-\(submitted.withLockedValue { $0 += 1; return $0 })"
            let answer = try await connection.call(InvoiceCatalogue.submit, Self.invoice(number: number, lines: mix == .submit1 ? 1 : 10, supplier: supplier, recipient: structure))
            precondition(answer.invoice.certificate.count == 44, "every accepted invoice has its certificate")
        case .invoiceSearch:
            _ = try await connection.call(InvoiceCatalogue.search, .with {
                $0.sent = true
                $0.limit = 20
            })
        case .invoiceShow:
            var id = shown.withLockedValue { $0 }
            if id == nil {
                id = try await connection.call(InvoiceCatalogue.search, .with { $0.sent = true; $0.limit = 1 }).invoices.first?.id
                shown.withLockedValue { $0 = id }
            }
            _ = try await connection.call(InvoiceCatalogue.show, .with { $0.id = id ?? "" })
        case .status:
            var id = received.withLockedValue { $0 }
            if id == nil {
                id = try await connection.call(InvoiceCatalogue.search, .with { $0.received = true; $0.limit = 1 }).invoices.first?.id
                received.withLockedValue { $0 = id }
            }
            _ = try await connection.call(InvoiceCatalogue.statuses, .with { $0.id = id ?? "" })
        case .process:
            // None left: the empty id is NOT_FOUND, counted with the errors.
            let id = try await awaiting.next(connection) ?? ""
            _ = try await connection.call(InvoiceCatalogue.process, .with {
                $0.id = id
                $0.status = "SERVICE_FAIT"
                $0.expectedStatus = "MISE_A_DISPOSITION"
            })
        }
    }
}

/// The recipient's invoices still MISE_A_DISPOSITION, handed out once
/// each. The first worker to ask reads them all (pages of 1 000, at most
/// 500 000) while the others wait for that same read, once.
actor AwaitingInvoices {
    private var ids: [String] = []
    private var loading: Task<[String], any Error>?
    private var loaded = false

    func next(_ connection: FacturoConnection) async throws -> String? {
        let load = loading ?? Task {
            var found: [String] = []
            var after = ""
            repeat {
                let page = try await connection.call(InvoiceCatalogue.search, .with {
                    $0.received = true
                    $0.status = "MISE_A_DISPOSITION"
                    $0.limit = 1000
                    $0.after = after
                })
                found += page.invoices.map(\.id)
                after = page.nextCursor
            } while !after.isEmpty && found.count < 500_000
            return found.reversed()
        }
        loading = load
        let all = try await load.value
        // Whichever of the callers resumes first hands the list out.
        if !loaded {
            ids = all
            loaded = true
        }
        return ids.popLast()
    }
}
