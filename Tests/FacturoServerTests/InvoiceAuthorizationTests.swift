import FacturoClient
import FacturoWire
import Foundation
import Testing

/// Every invoice request (types 100-133, flows included, and the
/// processing types 200-223) as each role, on ACME's drafts and
/// invoices to the Commune de Démo and on the commune's engagements: the
/// outcome is checked, and a refusal leaves the data as it was. Not
/// attached to the structure: NOT_FOUND; attached without the habilitation:
/// FORBIDDEN.
@Suite struct InvoiceAuthorizationTests {
    typealias Role = InvoiceFixture.Role
    typealias Expectation = @Sendable (Role) -> CallOutcome

    struct Operation: Sendable {
        var name: String
        var expected: Expectation
        var run: @Sendable (FacturoConnection, Role, InvoiceFixture) async throws -> Void
    }

    static let everyone: Expectation = { _ in .allowed }
    /// factures_emises modification on ACME.
    static let supplierWrites: Expectation = { role in
        switch role {
        case .supplierWriter, .administrator: .allowed
        case .supplierReader, .supplierWithoutRight: .refused("FORBIDDEN")
        default: .refused("NOT_FOUND")
        }
    }
    /// factures_emises consultation on ACME.
    static let supplierReads: Expectation = { role in
        switch role {
        case .supplierWriter, .supplierReader, .administrator: .allowed
        case .supplierWithoutRight: .refused("FORBIDDEN")
        default: .refused("NOT_FOUND")
        }
    }
    /// Either party of the invoice (the accountant reads the commune's).
    static let partiesRead: Expectation = { role in
        switch role {
        case .supplierWriter, .supplierReader, .recipientReader, .recipientManager, .accountant, .administrator: .allowed
        case .supplierWithoutRight: .refused("FORBIDDEN")
        default: .refused("NOT_FOUND")
        }
    }
    /// engagements modification on the commune.
    static let recipientWrites: Expectation = { role in
        switch role {
        case .recipientManager, .administrator: .allowed
        case .recipientReader, .accountant: .refused("FORBIDDEN")
        default: .refused("NOT_FOUND")
        }
    }
    static let recipientReads: Expectation = { role in
        switch role {
        case .recipientManager, .recipientReader, .administrator: .allowed
        case .accountant: .refused("FORBIDDEN")
        default: .refused("NOT_FOUND")
        }
    }
    /// A recipient's decision (factures_recues modification on the commune):
    /// whoever else sees the invoice is FORBIDDEN; the accountant, who may
    /// act, is refused the recipient's statuses by the lifecycle.
    static let recipientDecides: Expectation = { role in
        switch role {
        case .recipientManager, .administrator: .allowed
        case .accountant: .refused("INVALID_STATUS_TRANSITION")
        case .recipientReader, .supplierWriter, .supplierReader, .supplierWithoutRight: .refused("FORBIDDEN")
        default: .refused("NOT_FOUND")
        }
    }
    /// The supplier's follow-up (factures_emises modification on ACME).
    static let supplierFollowsUp: Expectation = { role in
        switch role {
        case .supplierWriter, .administrator: .allowed
        case .supplierReader, .supplierWithoutRight, .recipientReader, .recipientManager, .accountant: .refused("FORBIDDEN")
        default: .refused("NOT_FOUND")
        }
    }
    /// The accountant's statuses: the recipient (and the administrator,
    /// who acts as one) may not set them.
    static let accountantDecides: Expectation = { role in
        switch role {
        case .accountant: .allowed
        case .recipientManager, .administrator: .refused("INVALID_STATUS_TRANSITION")
        case .recipientReader, .supplierWriter, .supplierReader, .supplierWithoutRight: .refused("FORBIDDEN")
        default: .refused("NOT_FOUND")
        }
    }
    /// The commune's to-do list: its deciders and the accountant.
    static let recipientToDo: Expectation = { role in
        switch role {
        case .recipientManager, .accountant, .administrator: .allowed
        case .recipientReader: .refused("FORBIDDEN")
        default: .refused("NOT_FOUND")
        }
    }
    /// Received invoices of the commune (factures_recues consultation).
    static let receivedRead: Expectation = { role in
        switch role {
        case .recipientManager, .recipientReader, .accountant, .administrator: .allowed
        default: .refused("NOT_FOUND")
        }
    }
    /// Users attached to the commune.
    static let communeMembers: Expectation = { role in
        switch role {
        case .recipientManager, .recipientReader, .accountant: .allowed
        default: .refused("NOT_FOUND")
        }
    }
    /// The commune's managers and the administrators.
    static let communeManagers: Expectation = { role in
        switch role {
        case .recipientManager, .administrator: .allowed
        case .recipientReader, .accountant: .refused("FORBIDDEN")
        default: .refused("NOT_FOUND")
        }
    }
    static let administrators: Expectation = { role in
        role == .administrator ? .allowed : .refused("FORBIDDEN")
    }

    static func line(_ designation: String) -> Facturo_V1_InvoiceLineFields {
        .with {
            $0.designation = designation
            $0.quantity = "1"
            $0.unit = "Pièce"
            $0.unitPrice = "10"
            $0.vatRate = "20"
        }
    }

    static func upload(_ connection: FacturoConnection, _ data: Data = Data("%PDF-1.4 matrice".utf8)) async throws -> String {
        try await connection.call(InvoiceCatalogue.fileUpload, .with {
            $0.first = true
            $0.last = true
            $0.data = data
        }).uploadID
    }

    static let operations: [Operation] = [
        Operation(name: "draft create", expected: supplierWrites) { c, _, _ in
            _ = try await c.call(InvoiceCatalogue.draftCreate, .with {
                $0.supplier = InvoiceFixture.acme
                $0.header.recipient = InvoiceFixture.commune
            })
        },
        Operation(name: "draft update", expected: supplierWrites) { c, _, f in
            _ = try await c.call(InvoiceCatalogue.draftUpdate, .with {
                $0.id = f.draft
                $0.header.comment = "relu"
            })
        },
        Operation(name: "draft line add", expected: supplierWrites) { c, _, f in
            _ = try await c.call(InvoiceCatalogue.draftLineAdd, .with {
                $0.id = f.draft
                $0.line = line("Ajout")
            })
        },
        Operation(name: "draft line update", expected: supplierWrites) { c, _, f in
            _ = try await c.call(InvoiceCatalogue.draftLineUpdate, .with {
                $0.id = f.draft
                $0.number = 1
                $0.line = line("Remplacée")
            })
        },
        Operation(name: "draft line remove", expected: supplierWrites) { c, role, f in
            // The line added above (role-dependent count): remove the last.
            let lines = try await c.call(InvoiceCatalogue.draftShow, .with { $0.id = f.draft }).draft.lines.count
            _ = try await c.call(InvoiceCatalogue.draftLineRemove, .with {
                $0.id = f.draft
                $0.number = UInt32(lines)
            })
        },
        Operation(name: "draft show", expected: supplierReads) { c, _, f in
            _ = try await c.call(InvoiceCatalogue.draftShow, .with { $0.id = f.draft })
        },
        Operation(name: "draft list of the supplier", expected: supplierReads) { c, _, _ in
            _ = try await c.call(InvoiceCatalogue.draftList, .with { $0.supplier = InvoiceFixture.acme })
        },
        Operation(name: "draft list of mine", expected: everyone) { c, role, f in
            let drafts = try await c.call(InvoiceCatalogue.draftList, Facturo_V1_DraftListRequest()).drafts
            if ![.supplierWriter, .supplierReader].contains(role) { #expect(!drafts.contains { $0.id == f.draft }, "\(role) lists ACME's draft") }
        },
        Operation(name: "draft attach", expected: supplierWrites) { c, _, f in
            let upload = try await upload(c)
            _ = try await c.call(InvoiceCatalogue.draftAttach, .with {
                $0.id = f.draft
                $0.uploadID = upload
                $0.name = "bon.pdf"
            })
        },
        Operation(name: "draft delete", expected: supplierWrites) { c, _, f in
            _ = try await c.call(InvoiceCatalogue.draftDelete, .with { $0.id = f.doomedDraft })
        },
        Operation(name: "draft send", expected: supplierWrites) { c, _, f in
            _ = try await c.call(InvoiceCatalogue.draftSend, .with { $0.id = f.draft })
        },
        Operation(name: "file upload", expected: everyone) { c, _, _ in
            _ = try await upload(c)
        },
        Operation(name: "invoice deposit", expected: supplierWrites) { c, role, _ in
            let upload = try await upload(c)
            _ = try await c.call(InvoiceCatalogue.deposit, .with {
                $0.supplier = InvoiceFixture.acme
                $0.header.number = "M-\(role.rawValue)"
                $0.header.recipient = InvoiceFixture.commune
                $0.header.recipientService = "VOIRIE"
                $0.totalHt = "100.00"
                $0.totalVat = "20.00"
                $0.main = .with { $0.uploadID = upload; $0.name = "facture.pdf" }
            })
        },
        Operation(name: "invoice submit", expected: supplierWrites) { c, role, _ in
            _ = try await c.call(InvoiceCatalogue.submit, .with {
                $0.supplier = InvoiceFixture.acme
                $0.header.number = "API-\(role.rawValue)"
                $0.header.recipient = InvoiceFixture.commune
                $0.header.recipientService = "VOIRIE"
                $0.lines = [line("Par l'API")]
            })
        },
        Operation(name: "invoice check", expected: everyone) { c, _, _ in
            let upload = try await upload(c, try StructuredFixture.ubl(number: "CHECK-1"))
            let checked = try await c.call(InvoiceCatalogue.check, .with { $0.uploadID = upload })
            #expect(checked.findings.isEmpty)
        },
        Operation(name: "invoice deposit structured", expected: supplierWrites) { c, role, _ in
            let upload = try await upload(c, try StructuredFixture.ubl(number: "XML-\(role.rawValue)"))
            _ = try await c.call(InvoiceCatalogue.depositStructured, .with {
                $0.file = .with { $0.uploadID = upload; $0.name = "facture.xml" }
            })
        },
        Operation(name: "invoice export", expected: partiesRead) { c, _, f in
            _ = try await c.call(InvoiceCatalogue.export, .with { $0.id = f.invoice; $0.format = "ubl" })
        },
        Operation(name: "invoice search of the supplier", expected: supplierReads) { c, _, _ in
            _ = try await c.call(InvoiceCatalogue.search, .with { $0.sent = true; $0.supplier = InvoiceFixture.acme })
        },
        Operation(name: "invoice search of mine", expected: everyone) { c, role, f in
            let found = try await c.call(InvoiceCatalogue.search, .with { $0.sent = true }).invoices
            if ![.supplierWriter, .supplierReader].contains(role) { #expect(!found.contains { $0.id == f.invoice }, "\(role) finds ACME's invoice") }
        },
        Operation(name: "invoice show", expected: partiesRead) { c, _, f in
            _ = try await c.call(InvoiceCatalogue.show, .with { $0.id = f.invoice })
        },
        Operation(name: "invoice attachment", expected: { role in
            // The fixture's invoice has none: whoever sees it is told so.
            partiesRead(role) == .allowed ? .refused("NOT_FOUND") : partiesRead(role)
        }) { c, _, f in
            _ = try await c.call(InvoiceCatalogue.attachment, .with { $0.id = f.invoice; $0.name = "facture.pdf" })
        },
        Operation(name: "certificate show", expected: partiesRead) { c, _, f in
            _ = try await c.call(InvoiceCatalogue.certificateShow, .with { $0.id = f.invoice })
        },
        Operation(name: "certificate key", expected: everyone) { c, _, _ in
            _ = try await c.call(InvoiceCatalogue.certificateKey, Facturo_V1_CertificateKeyRequest())
        },
        Operation(name: "flow send", expected: supplierWrites) { c, role, _ in
            // Waits for its integration: a flow finishing later would
            // write while the next rows check that refusals change nothing.
            var events = c.events.makeAsyncIterator()
            let bytes = try FlowIntegrationTests.zip([FlowIntegrationTests.row("FLUX-\(role.rawValue)")])
            let sent = try await FlowIntegrationTests.send(c, bytes)
            _ = try await FlowIntegrationTests.integrated(sent.flow.id, &events)
        },
        Operation(name: "flow status", expected: supplierReads) { c, _, f in
            _ = try await c.call(InvoiceCatalogue.flowStatus, .with { $0.id = f.flow })
        },
        Operation(name: "flow report", expected: supplierReads) { c, _, f in
            _ = try await c.call(InvoiceCatalogue.flowReport, .with { $0.id = f.flow })
        },
        Operation(name: "flow list of the supplier", expected: supplierReads) { c, _, _ in
            _ = try await c.call(InvoiceCatalogue.flowList, .with { $0.supplier = InvoiceFixture.acme })
        },
        Operation(name: "flow list of mine", expected: everyone) { c, role, f in
            let flows = try await c.call(InvoiceCatalogue.flowList, Facturo_V1_FlowListRequest()).flows
            if ![.supplierWriter, .supplierReader].contains(role) { #expect(!flows.contains { $0.id == f.flow }, "\(role) lists ACME's flow") }
        },
        Operation(name: "engagement save", expected: recipientWrites) { c, _, _ in
            _ = try await c.call(InvoiceCatalogue.engagementSave, .with {
                $0.engagement = .with { $0.recipient = InvoiceFixture.commune; $0.number = "EJ-2"; $0.supplier = InvoiceFixture.acme; $0.amount = "500" }
            })
        },
        Operation(name: "engagement import", expected: recipientWrites) { c, _, _ in
            _ = try await c.call(InvoiceCatalogue.engagementImport, .with {
                $0.recipient = InvoiceFixture.commune
                $0.engagements = [.with { $0.number = "EJ-3"; $0.supplier = InvoiceFixture.acme; $0.amount = "700" }]
            })
        },
        Operation(name: "engagement list of the recipient", expected: recipientReads) { c, _, _ in
            _ = try await c.call(InvoiceCatalogue.engagementList, .with { $0.recipient = InvoiceFixture.commune })
        },
        Operation(name: "engagement list of the supplier", expected: supplierReads) { c, _, _ in
            _ = try await c.call(InvoiceCatalogue.engagementList, .with { $0.supplier = InvoiceFixture.acme })
        },
        Operation(name: "engagement remove", expected: recipientWrites) { c, _, _ in
            _ = try await c.call(InvoiceCatalogue.engagementRemove, .with { $0.recipient = InvoiceFixture.commune; $0.number = "EJ-1" })
        },
        Operation(name: "invoice process", expected: recipientDecides) { c, _, f in
            _ = try await c.call(InvoiceCatalogue.process, .with { $0.id = f.processing.toProcess; $0.status = "SERVICE_FAIT"; $0.expectedStatus = "MISE_A_DISPOSITION" })
        },
        Operation(name: "invoice refuse", expected: { role in
            // Refusing is the recipient's: the accountant's actor has no such move.
            recipientDecides(role)
        }) { c, _, f in
            _ = try await c.call(InvoiceCatalogue.refuse, .with { $0.id = f.processing.toRefuse; $0.reason = "DOUBLE_FACTURATION" })
        },
        Operation(name: "invoice process (accountant's status)", expected: accountantDecides) { c, _, f in
            _ = try await c.call(InvoiceCatalogue.process, .with { $0.id = f.processing.mandated; $0.status = "MISE_A_DISPOSITION_COMPTABLE" })
        },
        Operation(name: "invoice complete", expected: supplierFollowsUp) { c, _, f in
            _ = try await c.call(InvoiceCatalogue.complete, .with { $0.id = f.processing.suspended; $0.comment = "bon de livraison envoyé par courrier" })
        },
        Operation(name: "invoice recycle", expected: supplierFollowsUp) { c, _, f in
            _ = try await c.call(InvoiceCatalogue.recycle, .with { $0.id = f.processing.toRecycle; $0.service = "VOIRIE" })
        },
        Operation(name: "invoice acknowledge", expected: supplierFollowsUp) { c, _, f in
            _ = try await c.call(InvoiceCatalogue.acknowledge, .with { $0.id = f.processing.rejected })
        },
        Operation(name: "invoice statuses", expected: partiesRead) { c, role, f in
            let moves = try await c.call(InvoiceCatalogue.statuses, .with { $0.id = f.invoice }).moves
            // Readers see the invoice, not a move they cannot make.
            if [.supplierReader, .recipientReader].contains(role) { #expect(moves.isEmpty, "\(role) is offered \(moves.map(\.status))") }
        },
        Operation(name: "invoice synthesis of the commune", expected: recipientToDo) { c, _, _ in
            _ = try await c.call(InvoiceCatalogue.synthesis, .with { $0.structure = InvoiceFixture.commune })
        },
        Operation(name: "invoice synthesis of mine", expected: everyone) { c, role, f in
            let found = try await c.call(InvoiceCatalogue.synthesis, Facturo_V1_InvoiceSynthesisRequest()).invoices
            if ![.recipientManager, .accountant].contains(role) { #expect(!found.contains { $0.id == f.invoice }, "\(role) has the commune's invoice to do") }
        },
        Operation(name: "invoice search received of the commune", expected: receivedRead) { c, _, _ in
            _ = try await c.call(InvoiceCatalogue.search, .with { $0.received = true; $0.recipient = InvoiceFixture.commune })
        },
        Operation(name: "invoice search received of mine", expected: everyone) { c, role, f in
            let found = try await c.call(InvoiceCatalogue.search, .with { $0.received = true }).invoices
            if ![.recipientManager, .recipientReader, .accountant].contains(role) { #expect(!found.contains { $0.id == f.invoice }, "\(role) receives the commune's invoice") }
        },
        Operation(name: "invoice history", expected: partiesRead) { c, _, f in
            _ = try await c.call(InvoiceCatalogue.history, .with { $0.id = f.invoice; $0.verify = true })
        },
        Operation(name: "history verify all", expected: administrators) { c, _, _ in
            _ = try await c.call(InvoiceCatalogue.verifyAllHistories, Facturo_V1_HistoryVerifyAllRequest())
        },
        Operation(name: "event subscriptions", expected: everyone) { c, _, _ in
            _ = try await c.call(InvoiceCatalogue.eventSubscriptions, Facturo_V1_EventSubscriptionsRequest())
        },
        Operation(name: "event unsubscribe", expected: communeMembers) { c, _, _ in
            _ = try await c.call(InvoiceCatalogue.eventUnsubscribe, .with { $0.structures = [InvoiceFixture.commune] })
        },
        Operation(name: "event subscribe", expected: communeMembers) { c, _, _ in
            _ = try await c.call(InvoiceCatalogue.eventSubscribe, .with { $0.structures = [InvoiceFixture.commune] })
        },
        Operation(name: "notification list of the commune", expected: communeManagers) { c, _, _ in
            _ = try await c.call(InvoiceCatalogue.notificationList, .with { $0.structure = InvoiceFixture.commune })
        },
    ]

    @Test(arguments: Role.allCases)
    func everyInvoiceOperation(as role: Role) async throws {
        let fixture = try await InvoiceFixture.start()
        let connection = try await fixture.connect(as: role)
        for operation in Self.operations {
            let expected: CallOutcome = role == .anonymous ? .refused("AUTH_REQUIRED") : operation.expected(role)
            let before = try await fixture.snapshot()
            let outcome = await CallOutcome.of { try await operation.run(connection, role, fixture) }
            #expect(outcome == expected, "\(operation.name) as \(role.rawValue)")
            if outcome != .allowed {
                #expect(try await fixture.snapshot() == before, "\(operation.name) as \(role.rawValue) was refused but changed data")
            }
        }
        await connection.close()
        try await fixture.server.shutdown()
    }

    /// Each catalogued invoice request is called by at least one row: a
    /// recorder sees the types the operations send.
    @Test func everyInvoiceRequestTypeIsInTheMatrix() async throws {
        let recorder = HandlerPlacementTests.PlacementRecorder()
        let fixture = try await InvoiceFixture.start(middleware: [recorder])
        let connection = try await fixture.connect(as: .administrator)
        for operation in Self.operations { _ = await CallOutcome.of { try await operation.run(connection, .administrator, fixture) } }
        let seen = Set(recorder.seen.withLockedValue { $0 }.keys)
        #expect(Set(InvoiceCatalogue.all.map(\.name)).subtracting(seen).isEmpty, "not in the matrix: \(Set(InvoiceCatalogue.all.map(\.name)).subtracting(seen).sorted())")
        await connection.close()
        try await fixture.server.shutdown()
    }
}
