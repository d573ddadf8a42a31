import FacturoDomain
import Foundation
import Testing

/// Routing from the directory as it is: one test per `ROUTING_*` code, with
/// the reference's structures (a public college invoicing a public body,
/// a private company, the State).
@Suite struct InvoiceRoutingTests {
    static let day = try! CalendarDate("2026-12-01")
    static let collegeID = StructureIdentifier.siret(try! Siret("19290086800022"))
    static let acmeID = StructureIdentifier.siret(try! Siret("73282932000074"))
    static let communeID = StructureIdentifier.siret(try! Siret("21100001900011"))

    static func structure(_ id: StructureIdentifier, isPublic: Bool = true, isActive: Bool = true, parameters: RecipientParameters = .init(), services: [Service] = []) -> Structure {
        try! Structure(identifier: id, name: "S \(id)", isPublic: isPublic, isActive: isActive, parameters: parameters, services: services)
    }

    static let college = structure(collegeID, services: [try! Service(code: Service.facturesPubliques, label: "Factures publiques")])
    static let acme = structure(acmeID, isPublic: false)

    static func header(from supplier: StructureIdentifier = collegeID, to recipient: StructureIdentifier = communeID, service: String = "", engagement: String = "") -> InvoiceHeader {
        InvoiceHeader(number: "F1", date: day, supplier: supplier, recipient: recipient, recipientService: service, engagement: engagement)
    }

    static func codes(_ routing: InvoiceRouting, _ header: InvoiceHeader) -> [String] {
        routing.violations(of: header, on: day).map(\.code.rawValue)
    }

    @Test func recipientMustExistBeActiveAndPublic() {
        #expect(Self.codes(InvoiceRouting(supplier: Self.college, recipient: nil, engagement: nil), Self.header()) == ["ROUTING_RECIPIENT_UNKNOWN"])
        let closed = Self.structure(Self.communeID, isActive: false)
        #expect(Self.codes(InvoiceRouting(supplier: Self.college, recipient: closed, engagement: nil), Self.header()) == ["ROUTING_RECIPIENT_INACTIVE"])
        let company = Self.structure(Self.communeID, isPublic: false)
        #expect(Self.codes(InvoiceRouting(supplier: Self.college, recipient: company, engagement: nil), Self.header()) == ["ROUTING_RECIPIENT_NOT_PUBLIC"])
        #expect(Self.codes(InvoiceRouting(supplier: Self.college, recipient: Self.structure(Self.communeID), engagement: nil), Self.header()).isEmpty)
    }

    @Test func theStateNeedsAServiceCode() {
        let etat = Self.structure(.etat, services: [try! Service(code: "SE-DGFIP", label: "DGFiP")])
        let routing = InvoiceRouting(supplier: Self.acme, recipient: etat, engagement: nil)
        #expect(Self.codes(routing, Self.header(from: Self.acmeID, to: .etat)) == ["ROUTING_SERVICE_REQUIRED"])
        #expect(Self.codes(routing, Self.header(from: Self.acmeID, to: .etat, service: "SE-DGFIP")).isEmpty)
        #expect(Self.codes(routing, Self.header(from: Self.acmeID, to: .etat, service: "SE-INCONNU")) == ["ROUTING_SERVICE_UNKNOWN"])
    }

    @Test func servicesMustBeOpenThatDay() {
        let services = [
            try! Service(code: "FERME", label: "Fermé", isActive: false),
            try! Service(code: "FINI", label: "Fini", validUntil: try! CalendarDate("2026-11-30")),
            try! Service(code: "AVENIR", label: "Avenir", validFrom: try! CalendarDate("2026-12-02")),
            try! Service(code: "OUVERT", label: "Ouvert", validFrom: Self.day, validUntil: Self.day),
            try! Service(code: "EJ", label: "Avec EJ", engagementRequired: true),
        ]
        let routing = InvoiceRouting(supplier: Self.acme, recipient: Self.structure(Self.communeID, services: services), engagement: nil)
        for code in ["FERME", "FINI", "AVENIR"] {
            #expect(Self.codes(routing, Self.header(from: Self.acmeID, service: code)) == ["ROUTING_SERVICE_INACTIVE"], "\(code)")
        }
        #expect(Self.codes(routing, Self.header(from: Self.acmeID, service: "OUVERT")).isEmpty)
        #expect(Self.codes(routing, Self.header(from: Self.acmeID, service: "EJ")) == ["ROUTING_ENGAGEMENT_REQUIRED"])
        #expect(Self.codes(routing, Self.header(from: Self.acmeID, service: "EJ", engagement: "EJ-1")).isEmpty)
    }

    @Test func parametersRequireTheirValues() {
        let both = Self.structure(Self.communeID, parameters: .init(serviceCodeRequired: true, engagementRequired: true))
        let routing = InvoiceRouting(supplier: Self.acme, recipient: both, engagement: nil)
        #expect(Self.codes(routing, Self.header(from: Self.acmeID)) == ["ROUTING_SERVICE_REQUIRED", "ROUTING_ENGAGEMENT_REQUIRED"])
    }

    @Test func facturesPubliquesOnlyFromPublicSuppliers() {
        let commune = Self.structure(Self.communeID, services: [try! Service(code: Service.facturesPubliques, label: "Factures publiques")])
        #expect(Self.codes(InvoiceRouting(supplier: Self.acme, recipient: commune, engagement: nil), Self.header(from: Self.acmeID, service: "FACTURES_PUBLIQUES"))
            == ["ROUTING_FACTURES_PUBLIQUES_RESERVED"])
        #expect(Self.codes(InvoiceRouting(supplier: Self.college, recipient: commune, engagement: nil), Self.header(service: "FACTURES_PUBLIQUES")).isEmpty)
    }

    @Test func supplierServiceMustBeItsOwn() {
        var header = Self.header()
        header.supplierService = "AUTRE"
        #expect(Self.codes(InvoiceRouting(supplier: Self.college, recipient: Self.structure(Self.communeID), engagement: nil), header) == ["ROUTING_SERVICE_UNKNOWN"])
    }

    @Test func checkedEngagementsBelongToRecipientAndSupplier() throws {
        let commune = Self.structure(Self.communeID, parameters: .init(checkEngagements: true))
        let ej = try Engagement(recipient: Self.communeID, number: "EJ-2026-7", supplier: Self.acmeID, amount: 5000, validUntil: try CalendarDate("2026-12-31"))
        #expect(Self.codes(InvoiceRouting(supplier: Self.acme, recipient: commune, engagement: nil), Self.header(from: Self.acmeID)) == ["ROUTING_ENGAGEMENT_REQUIRED"])
        #expect(Self.codes(InvoiceRouting(supplier: Self.acme, recipient: commune, engagement: nil), Self.header(from: Self.acmeID, engagement: "EJ-X")) == ["ROUTING_ENGAGEMENT_UNKNOWN"])
        #expect(Self.codes(InvoiceRouting(supplier: Self.acme, recipient: commune, engagement: ej), Self.header(from: Self.acmeID, engagement: "EJ-2026-7")).isEmpty)
        #expect(Self.codes(InvoiceRouting(supplier: Self.college, recipient: commune, engagement: ej), Self.header(engagement: "EJ-2026-7")) == ["ROUTING_ENGAGEMENT_SUPPLIER"])
        let expired = try Engagement(recipient: Self.communeID, number: "EJ-OLD", supplier: Self.acmeID, amount: 1, validUntil: try CalendarDate("2026-01-01"))
        #expect(Self.codes(InvoiceRouting(supplier: Self.acme, recipient: commune, engagement: expired), Self.header(from: Self.acmeID, engagement: "EJ-OLD")) == ["ROUTING_ENGAGEMENT_UNKNOWN"])
        let message = InvoiceRouting(supplier: Self.college, recipient: commune, engagement: ej).violations(of: Self.header(engagement: "EJ-2026-7"), on: Self.day)[0].message
        #expect(message.contains("Créancier inconnu ou différent de celui de l'EJ"))
    }

    @Test func attachmentNamesAndSizes() {
        for good in ["facture.pdf", "Bon de livraison.PDF", String(repeating: "a", count: 46) + ".xml"] {
            #expect(domainErrorCode { try AttachmentRules.checkName(good) } == nil, "\(good)")
        }
        for bad in ["", ".pdf", "facture", "facture.exe", "../etc/passwd.txt", "a\nb.pdf", String(repeating: "a", count: 47) + ".xml"] {
            #expect(domainErrorCode { try AttachmentRules.checkName(bad) } == "INVALID_ATTACHMENT_NAME", "\(bad)")
        }
        #expect(domainErrorCode { try AttachmentRules.checkSizes([("a.pdf", AttachmentRules.fileMaximum)]) } == nil)
        #expect(domainErrorCode { try AttachmentRules.checkSizes([("a.pdf", AttachmentRules.fileMaximum + 1)]) } == "ATTACHMENT_TOO_LARGE")
        #expect(domainErrorCode { try AttachmentRules.checkSizes([("a.pdf", 1)]) } == nil)
        #expect(domainErrorCode { try AttachmentRules.checkSizes([("a.pdf", 1), ("vide.txt", 0)], new: [("vide.txt", 0)]) } == "EMPTY_ATTACHMENT")
        // A file kept before the rule does not block what comes after it.
        #expect(domainErrorCode { try AttachmentRules.checkSizes([("ancien.txt", 0), ("b.pdf", 1)], new: [("b.pdf", 1)]) } == nil)
        let thirteen = (1...13).map { ("p\($0).pdf", AttachmentRules.fileMaximum) }
        #expect(domainErrorCode { try AttachmentRules.checkSizes(thirteen) } == "ATTACHMENTS_TOO_LARGE")
    }

    @Test func engagementValues() {
        #expect(domainErrorCode { _ = try Engagement(recipient: Self.communeID, number: "", supplier: Self.acmeID, amount: 1) } == "INVALID_ARGUMENT")
        #expect(domainErrorCode { _ = try Engagement(recipient: Self.communeID, number: "EJ 1", supplier: Self.acmeID, amount: 1) } == "INVALID_ARGUMENT")
        #expect(domainErrorCode { _ = try Engagement(recipient: Self.communeID, number: "EJ1", supplier: Self.acmeID, amount: 0) } == "INVALID_AMOUNT")
        #expect(domainErrorCode {
            _ = try Engagement(recipient: Self.communeID, number: "EJ1", supplier: Self.acmeID, amount: 1, validFrom: try CalendarDate("2026-02-01"), validUntil: try CalendarDate("2026-01-01"))
        } == "INVALID_DATE")
    }
}
