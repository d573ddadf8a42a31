import FacturoClient
import FacturoDomain
import FacturoWire
import Foundation

/// The client side of `scripts/crashtest`: several connections, logged in
/// as the platform administrator, make today's acknowledged writes in a
/// loop — accounts with their attachment, attachments to a second
/// structure, habilitation grants, directory import chunks, and
/// habilitation requests from one of the new accounts — and record each
/// acknowledgement in the ledger. They stop when the server dies.
public struct CrashWriter: Sendable {
    public static let firstStructure = "21100001900011"   // COMMUNE DE DEMO
    public static let secondStructure = "20007104100046"  // CC DU CHAOURCOIS…
    public static let accountPassword = "mot de passe du crash test"
    /// Applications a request may ask for (factures_recues is granted directly).
    static let requestable: [Application] = Application.allCases.filter { $0 != .facturesRecues }

    let configuration: ClientConfiguration
    let administrator: String
    let password: String
    let ledger: AcknowledgedWrites
    let round: String
    /// Keys of earlier rounds' invoices sent but not acknowledged.
    let unacknowledgedKeys: [String]

    public init(configuration: ClientConfiguration, administrator: String, password: String, ledger: AcknowledgedWrites, round: String, unacknowledgedKeys: [String] = []) {
        self.unacknowledgedKeys = unacknowledgedKeys
        self.configuration = configuration
        self.administrator = administrator
        self.password = password
        self.ledger = ledger
        self.round = round
    }

    public struct Outcome: Sendable {
        public var acknowledged = 0
        /// Refusals a correct writer never gets: the test itself is wrong.
        public var unexpected: [String] = []
    }

    /// Runs `connections` writers until the server goes away or `duration`
    /// passes.
    public func run(connections: Int, duration: Duration) async -> Outcome {
        let deadline = ContinuousClock.now + duration
        return await withTaskGroup(of: Outcome.self) { group in
            for writer in 0..<connections {
                group.addTask { await self.write(as: writer, until: deadline) }
            }
            return await group.reduce(into: Outcome()) { total, one in
                total.acknowledged += one.acknowledged
                total.unexpected += one.unexpected
            }
        }
    }

    private func write(as writer: Int, until deadline: ContinuousClock.Instant) async -> Outcome {
        var acknowledged = 0
        var unexpected: [String] = []
        var requester: (connection: FacturoConnection, email: String, next: Int)?
        do {
            let admin = try await FacturoConnection.connect(configuration)
            _ = try await admin.login(email: administrator, password: password)
            // Invoices an earlier round sent but never saw acknowledged:
            // sent again with the same key, they must not make a second one.
            if writer == 0 {
                for key in unacknowledgedKeys { acknowledged += try await submitInvoice(admin, key: key, resubmitted: true) }
            }
            var iteration = 0
            while ContinuousClock.now < deadline {
                iteration += 1
                let email = "crash-\(round)-\(writer)-\(iteration)@example.fr"
                _ = try await admin.call(UserCatalogue.create, .with {
                    $0.email = email
                    $0.displayName = "Compte \(writer)-\(iteration)"
                    $0.kind = AccountKind.entitePublique.rawValue
                    $0.password = Self.accountPassword
                    $0.structure = Self.firstStructure
                    $0.role = StructureAttachment.Role.utilisateur.rawValue
                })
                ledger.record("user", email, Self.firstStructure)
                acknowledged += 1

                _ = try await admin.call(UserCatalogue.attach, .with {
                    $0.email = email
                    $0.structure = Self.secondStructure
                })
                ledger.record("attach", email, Self.secondStructure)
                acknowledged += 1

                _ = try await admin.call(HabilitationCatalogue.grant, .with {
                    $0.email = email
                    $0.structure = Self.firstStructure
                    $0.application = Application.facturesRecues.rawValue
                    $0.level = AccessLevel.consultation.rawValue
                })
                ledger.record("grant", email, Self.firstStructure, Application.facturesRecues.rawValue, AccessLevel.consultation.rawValue)
                acknowledged += 1

                acknowledged += try await importChunk(admin, writer: writer, iteration: iteration)
                acknowledged += try await submitInvoice(admin, key: Self.invoiceKey(round: round, writer: writer, iteration: iteration))

                if requester == nil {
                    let connection = try await FacturoConnection.connect(configuration)
                    _ = try await connection.login(email: email, password: Self.accountPassword)
                    requester = (connection, email, 0)
                }
                if var current = requester, current.next < Self.requestable.count * 2 {
                    let application = Self.requestable[current.next / 2]
                    let level: AccessLevel = current.next % 2 == 0 ? .consultation : .modification
                    current.next += 1
                    requester = current
                    let answer = try await current.connection.call(HabilitationCatalogue.createRequest, .with {
                        $0.structure = Self.firstStructure
                        $0.kind = HabilitationRequest.Kind.add.rawValue
                        $0.application = application.rawValue
                        $0.level = level.rawValue
                    })
                    ledger.record("request", String(answer.request.id), current.email, Self.firstStructure, application.rawValue, level.rawValue)
                    acknowledged += 1
                }
            }
            await admin.close()
        } catch ClientError.server(let refusal) where !refusal.fatal && !refusal.retryable {
            // A coded refusal is no crash: the writer asked something wrong.
            unexpected.append("writer \(writer): \(refusal)")
        } catch {
            // The server was killed: what was acknowledged is in the ledger.
        }
        await requester?.connection.close()
        return Outcome(acknowledged: acknowledged, unexpected: unexpected)
    }

    /// ACME invoices to the commune, one per iteration, 3 lines and a PDF.
    public static let invoiceSupplier = "73282932000074"

    static func invoiceKey(round: String, writer: Int, iteration: Int) -> String { "CR\(round)-\(writer)-\(iteration)" }

    /// The file of the invoice `key`: the same bytes whenever it is sent again.
    static func invoiceFile(key: String) -> Data { Data("%PDF-1.4 facture \(key) du crash test".utf8) }

    /// A typed invoice with its PDF, submitted under `key` (also its
    /// number): "pending" before it is sent, "invoice" once acknowledged.
    private func submitInvoice(_ admin: FacturoConnection, key: String, resubmitted: Bool = false) async throws -> Int {
        let upload = try await admin.call(InvoiceCatalogue.fileUpload, .with {
            $0.first = true
            $0.last = true
            $0.data = Self.invoiceFile(key: key)
        })
        var request = LoadGenerator.invoice(number: key, lines: 3, supplier: Self.invoiceSupplier, recipient: Self.firstStructure)
        request.main = .with {
            $0.uploadID = upload.uploadID
            $0.name = "facture.pdf"
        }
        if !resubmitted { ledger.record("pending", key) }
        let answer = try await admin.call(InvoiceCatalogue.submit, request)
        ledger.record("invoice", answer.invoice.id, key, answer.invoice.certificate, String(answer.invoice.lines.count), upload.digest)
        guard !answer.replayed, answer.invoice.status == InvoiceStatus.miseADisposition.rawValue else { return 1 }
        // Then processed, as its recipient would: the status change, its
        // history entry and its notifications are one more acknowledged write.
        let processed = try await admin.call(InvoiceCatalogue.process, .with {
            $0.id = answer.invoice.id
            $0.status = InvoiceStatus.serviceFait.rawValue
            $0.comment = "crash test \(key)"
            $0.expectedStatus = InvoiceStatus.miseADisposition.rawValue
        })
        ledger.record("status", processed.id, processed.status)
        return 2
    }

    /// Ten new structures in one chunk: one transaction on the server.
    private func importChunk(_ admin: FacturoConnection, writer: Int, iteration: Int) async throws -> Int {
        let sirets = (0..<10).map { DirectoryImportBenchmark.siretNumber(((Int(round) ?? 0) * 1_000 + writer) * 1_000_000 + iteration * 10 + $0) }
        let response = try await admin.call(DirectoryCatalogue.importChunk, .with {
            $0.importID = UUID().uuidString
            $0.header = ["identifiant", "raison_sociale", "publique"]
            $0.records = sirets.enumerated().map { index, siret in
                .with {
                    $0.line = UInt32(index + 2)
                    $0.fields = [siret, "CRASH \(writer) \(iteration) \(index)", "oui"]
                }
            }
            $0.first = true
            $0.last = true
        })
        guard response.rejected.isEmpty else { return 0 }
        for siret in sirets { ledger.record("structure", siret) }
        return sirets.count
    }
}
