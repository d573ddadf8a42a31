import FacturoCertificates
import FacturoClient
import FacturoDomain
@testable import FacturoServer
import FacturoStore
import FacturoWire
import Foundation
import Testing

/// A test server with the demo organisation and two structures facing each
/// other: ACME (supplier, billing mandate) and the Commune de Démo
/// (recipient). Each role of the invoice matrix has its account; ACME has
/// two drafts and one invoice to the commune, and the commune one engagement.
struct InvoiceFixture {
    static let acme = "73282932000074"
    static let commune = "21100001900011"
    static let password = OrganisationFixture.password

    enum Role: String, CaseIterable, Sendable {
        case anonymous, outsider, supplierWithoutRight, supplierReader, supplierWriter, recipientReader, recipientManager, accountant, administrator

        var email: String? {
            switch self {
            case .anonymous: nil
            case .outsider: "gestionnaire@cc-chaourcois.demo.facturo.fr"
            case .supplierWithoutRight: "stagiaire@acme.demo.facturo.fr"
            case .supplierReader: "comptable@acme.demo.facturo.fr"
            case .supplierWriter: "fournisseur@demo.facturo.fr"
            case .recipientReader: "consultation@demo.facturo.fr"
            case .recipientManager: "acheteur@demo.facturo.fr"
            case .accountant: "comptable@demo.facturo.fr"
            case .administrator: "admin@demo.facturo.fr"
            }
        }
    }

    let server: TestServer
    /// Edited and sent by the operations.
    let draft: String
    /// Deleted by the operations.
    let doomedDraft: String
    let invoice: String
    /// A flow of ACME, finished (rejected) before the server starts.
    let flow: String
    /// Invoices of ACME to the commune, one per processing request, each
    /// in the status that request starts from.
    let processing: Processing

    struct Processing: Sendable {
        /// MISE_A_DISPOSITION, for `process` and `refuse`.
        var toProcess: String
        var toRefuse: String
        var suspended: String
        var toRecycle: String
        var rejected: String
        var mandated: String
    }

    static func start(middleware: [any RequestMiddleware] = []) async throws -> InvoiceFixture {
        let store = try TestServer.makeStore()
        try await DemoData.loadIfEmpty(into: store, password: password, hasher: TestServer.hasher)
        let acme = try StructureIdentifier(parsing: Self.acme)
        let commune = try StructureIdentifier(parsing: Self.commune)
        for (role, habilitations) in [(Role.supplierWithoutRight, [Application]()), (.supplierReader, [.facturesEmises])] {
            let user = try await store.createUser(
                NewUser(email: EmailAddress(role.email!), displayName: role.rawValue, kind: .entreprise, isPlatformAdministrator: false, passwordHash: TestServer.hasher.hash(password)),
                attachment: StructureAttachment(user: UserID(rawValue: 0), structure: acme, role: .utilisateur), by: .system
            )
            for application in habilitations {
                _ = try await store.grant(Habilitation(user: user.id, structure: acme, application: application, level: .consultation), by: .system)
            }
        }
        let buyer = try #require(try await store.user(email: EmailAddress(Role.recipientManager.email!)))
        _ = try await store.grant(Habilitation(user: buyer.id, structure: commune, application: .engagements, level: .modification), by: .system)
        let reader = try #require(try await store.user(email: EmailAddress(Role.recipientReader.email!)))
        _ = try await store.grant(Habilitation(user: reader.id, structure: commune, application: .engagements, level: .consultation), by: .system)
        _ = try await store.saveEngagement(try Engagement(recipient: commune, number: "EJ-1", supplier: acme, amount: 1000), by: .system)

        var fields = InvoiceHeaderFields()
        fields.recipient = Self.commune
        fields.recipientService = "VOIRIE"
        let line = try InvoiceLine(designation: "Fournitures", quantity: "2", unit: "Pièce", unitPrice: "50", vatRate: "20", field: "lines[1]")
        var draft = try await store.createDraft(supplier: acme, header: fields, by: .system)
        draft.lines = [line]
        draft = try await store.saveDraft(draft)
        let doomed = try await store.createDraft(supplier: acme, header: fields, by: .system)

        let signer = DepositSigner()
        func submit(_ id: String, number: String? = nil, through statuses: [InvoiceStatus] = []) async throws -> String {
            let header = try fields.resolve(supplier: acme, depositDay: CalendarDate("2026-12-01"), number: number ?? id.uppercased())
            let document = InvoiceDocument.typed(header, lines: [line])
            let (invoice, _) = try await store.submitInvoice(InvoiceSubmission(
                id: id, document: document, attachments: [], key: id, depositedAt: 1_764_547_200_000,
                depositDay: try CalendarDate("2026-12-01"), certificate: CertificateDigest.of(document, id: id, attachments: [], depositedAt: 1_764_547_200_000)
            )) { digests in
                let (batch, paths) = try signer.seal(digests, at: 1_764_547_200_000)
                return SealedBatch(size: batch.size, root: batch.root, signedAt: batch.signedAt, signature: batch.signature, paths: paths)
            }.invoice()
            var current = InvoiceStatus.miseADisposition
            for status in statuses {
                let reason: RefusalReason? = RefusalReason.leading(to: status).first
                _ = try await store.applyInvoiceChange(InvoiceChange(
                    invoiceID: id, expected: current, action: .status, to: status, reason: reason, dpNumber: status == .mandatee ? "DP-1" : "",
                    actor: .system, at: 1_764_547_300_000
                ))
                current = status
            }
            return invoice.id
        }
        let invoice = (id: try await submit("fixture-invoice", number: "F-FIXTURE"), ())
        let processing = Processing(
            toProcess: try await submit("fixture-process"), toRefuse: try await submit("fixture-refuse"),
            suspended: try await submit("fixture-suspended", through: [.suspendue]), toRecycle: try await submit("fixture-recycle", through: [.aRecycler]),
            rejected: try await submit("fixture-rejected", through: [.rejetee]), mandated: try await submit("fixture-mandated", through: [.mandatee])
        )
        let writer = try #require(try await store.user(email: EmailAddress(Role.supplierWriter.email!)))
        let upload = try await store.appendUpload(id: "fixture-flow", owner: writer.id, purpose: .flow, first: true, last: true, data: Array("pas un zip".utf8))
        let (flow, _) = try await store.receiveFlow(
            NewFlow(id: "fixture-flow", uploadID: upload.id, owner: writer.id, supplier: acme, name: "flux.zip", key: "fixture-flow"), by: AuditActor(writer)
        )
        _ = try await store.finishFlow(id: flow.id, .rejected, code: "INVALID_FLOW", message: "archive zip illisible")
        return InvoiceFixture(
            server: try await TestServer.start(store: store, middleware: middleware), draft: draft.id, doomedDraft: doomed.id, invoice: invoice.id, flow: flow.id,
            processing: processing
        )
    }

    func connect(as role: Role) async throws -> FacturoConnection {
        let connection = try await server.connect()
        if let email = role.email { _ = try await connection.login(email: email, password: Self.password) }
        return connection
    }

    /// What a refused request must leave as it was: audit lines, invoices,
    /// drafts and engagements of both structures.
    func snapshot() async throws -> String {
        let store = server.store
        let structures = try [Self.acme, Self.commune, "20007104100046"].map { try StructureIdentifier(parsing: $0) }
        let audit = try await store.auditEntries(structure: nil, limit: 10_000, beforeID: nil).filter { $0.action != "access.refused" }.count
        let invoices = try await store.searchInvoices(InvoiceQuery(suppliers: structures, limit: 1000)).invoices.map { "\($0.id):\($0.number):\($0.status):\($0.recipientService)" }
        let history = try await store.verifyAllHistories()
        let notifications = try await store.notifications(NotificationQuery(structures: nil, limit: 1000)).notifications.count
        let drafts = try await store.drafts(suppliers: structures).map { "\($0.id):\($0.header):\($0.lines.count):\($0.attachments.count)" }
        let engagements = try await store.engagements(recipient: structures[1], supplier: nil).map { "\($0)" }
        return "\(audit)|\(invoices)|\(drafts)|\(engagements)|\(history.entries)|\(notifications)"
    }
}
