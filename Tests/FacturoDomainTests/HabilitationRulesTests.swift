import FacturoDomain
import Testing

@Suite struct HabilitationRulesTests {
    @Test func modificationImpliesConsultation() {
        #expect(AccessLevel.modification.satisfies(.consultation))
        #expect(AccessLevel.modification.satisfies(.modification))
        #expect(AccessLevel.consultation.satisfies(.consultation))
        #expect(!AccessLevel.consultation.satisfies(.modification))
    }

    @Test func applicationsHaveStableCodesAndPortalLabels() {
        #expect(Application.allCases.map(\.rawValue) == [
            "factures_emises", "factures_recues", "factures_travaux", "engagements",
            "structures", "utilisateurs", "raccordements", "sollicitations_emises",
        ])
        #expect(Application.facturesRecues.label == "Factures reçues")
    }

    @Test func requestLifecycle() throws {
        let manager = UserID(rawValue: 7)
        var request = HabilitationRequest(kind: .add, application: .facturesRecues, level: .modification)
        #expect(request.isPending)
        try request.approve(by: manager, comment: "ok")
        #expect(request.state == .approved(by: manager, comment: "ok"))
        #expect { try request.refuse(by: manager, comment: "trop tard") } throws: { ($0 as? DomainError)?.code == .invalidRequestTransition }
        #expect { try request.withdraw() } throws: { ($0 as? DomainError)?.code == .invalidRequestTransition }
    }

    @Test func refusalNeedsAReason() throws {
        var request = HabilitationRequest(kind: .remove, application: .engagements, level: .consultation)
        #expect { try request.refuse(by: UserID(rawValue: 1), comment: "  ") } throws: { ($0 as? DomainError)?.code == .invalidRequestTransition }
        #expect(request.isPending, "a refused transition changes nothing")
        try request.withdraw()
        #expect(request.state == .withdrawn)
    }
}

@Suite struct AccessPolicyTests {
    static let commune = try! StructureIdentifier(parsing: "21100001900011")
    static let etat = StructureIdentifier.etat
    static let user = UserID(rawValue: 1)

    static func policy(role: StructureAttachment.Role = .utilisateur, services: Set<String>? = nil, _ habilitations: [(Application, AccessLevel, String?)]) -> AccessPolicy {
        AccessPolicy(
            isPlatformAdministrator: false,
            attachments: [StructureAttachment(user: user, structure: commune, role: role, serviceCodes: services)],
            habilitations: habilitations.map { Habilitation(user: user, structure: commune, serviceCode: $0.2, application: $0.0, level: $0.1) }
        )
    }

    @Test func consultationReadsButDoesNotAct() {
        let policy = Self.policy([(.facturesRecues, .consultation, nil)])
        #expect(policy.decide(.facturesRecues, .consultation, on: Self.commune) == .allowed)
        #expect(policy.decide(.facturesRecues, .modification, on: Self.commune) == .forbidden)
        #expect(policy.decide(.facturesEmises, .consultation, on: Self.commune) == .forbidden)
    }

    @Test func anotherStructureIsNotEvenVisible() {
        let policy = Self.policy([(.facturesRecues, .modification, nil)])
        #expect(policy.decide(.facturesRecues, .consultation, on: Self.etat) == .notVisible)
    }

    @Test func serviceRestrictedAttachmentsAndHabilitations() {
        let restricted = Self.policy(services: ["VOIRIE"], [(.facturesRecues, .modification, nil)])
        #expect(restricted.decide(.facturesRecues, .modification, on: Self.commune, service: "VOIRIE") == .allowed)
        #expect(restricted.decide(.facturesRecues, .modification, on: Self.commune, service: "ECOLES") == .notVisible)

        let perService = Self.policy([(.facturesRecues, .modification, "VOIRIE")])
        #expect(perService.decide(.facturesRecues, .modification, on: Self.commune, service: "VOIRIE") == .allowed)
        #expect(perService.decide(.facturesRecues, .modification, on: Self.commune, service: "ECOLES") == .forbidden)
    }

    @Test func administratorsAndManagers() {
        let admin = AccessPolicy(isPlatformAdministrator: true, attachments: [], habilitations: [])
        #expect(admin.decide(.structures, .modification, on: Self.etat) == .allowed)
        #expect(admin.manages(Self.etat))
        #expect(Self.policy(role: .gestionnairePrincipal, []).manages(Self.commune))
        #expect(Self.policy(role: .gestionnaireSecondaire, []).manages(Self.commune))
        #expect(!Self.policy(role: .utilisateur, []).manages(Self.commune))
        #expect(!Self.policy(role: .gestionnairePrincipal, []).manages(Self.etat))
    }
}

@Suite struct RecipientParametersTests {
    static let commune = try! StructureIdentifier(parsing: "21100001900011")

    @Test func mandatoryValuesAreNamed() {
        let both = RecipientParameters(serviceCodeRequired: true, engagementRequired: true)
        #expect(both.missingValues(serviceCode: nil, engagementNumber: nil, structure: Self.commune) == ["code service", "numéro d'engagement"])
        #expect(both.missingValues(serviceCode: "VOIRIE", engagementNumber: "EJ1", structure: Self.commune).isEmpty)
    }

    @Test func eitherOneIsEnough() {
        let either = RecipientParameters(engagementOrServiceCode: true)
        #expect(either.missingValues(serviceCode: nil, engagementNumber: "EJ1", structure: Self.commune).isEmpty)
        #expect(either.missingValues(serviceCode: "", engagementNumber: nil, structure: Self.commune) == ["code service ou numéro d'engagement"])
    }

    @Test func theStateAlwaysNeedsAServiceCode() {
        let none = RecipientParameters()
        #expect(none.missingValues(serviceCode: nil, engagementNumber: "EJ1", structure: .etat) == ["code service (obligatoire pour l'État)"])
        #expect(none.missingValues(serviceCode: nil, engagementNumber: nil, structure: Self.commune).isEmpty)
    }

    @Test func identifierTypesKeepTheirOfficialCodes() {
        #expect(StructureIdentifierType.allCases.map(\.rawValue) == ["SIRET", "UE_HORS_FRANCE", "HORS_UE", "RIDET", "TAHITI", "AUTRE", "PARTICULIER"])
    }
}

@Suite struct HabilitationRequestRulesTests {
    static let commune = try! StructureIdentifier(parsing: "21100001900011")
    static let requester = UserID(rawValue: 3)
    static let manager = UserID(rawValue: 9)

    @Test func decisionsAreParsedOnce() throws {
        #expect(try HabilitationRequest.Decision(parsing: "approve") == .approve)
        #expect(try HabilitationRequest.Decision(parsing: "withdraw") == .withdraw)
        #expect(domainErrorCode { _ = try HabilitationRequest.Decision(parsing: "accept") } == "INVALID_ARGUMENT")
        #expect(try HabilitationRequest.kind(parsing: "") == .add)
        #expect(domainErrorCode { _ = try HabilitationRequest.kind(parsing: "grant") } == "INVALID_ARGUMENT")
    }

    @Test func aRequestMustChangeSomething() throws {
        let held = [Habilitation(user: Self.requester, structure: Self.commune, application: .facturesRecues, level: .consultation)]
        let addConsultation = HabilitationRequest(kind: .add, application: .facturesRecues, level: .consultation)
        #expect(domainErrorCode { try addConsultation.checkUseful(on: Self.commune, held: held, isAttached: true) } == "INVALID_ARGUMENT")
        let addModification = HabilitationRequest(kind: .add, application: .facturesRecues, level: .modification)
        #expect(domainErrorCode { try addModification.checkUseful(on: Self.commune, held: held, isAttached: true) } == nil)
        let removeModification = HabilitationRequest(kind: .remove, application: .facturesRecues, level: .modification)
        #expect(domainErrorCode { try removeModification.checkUseful(on: Self.commune, held: held, isAttached: true) } == "INVALID_ARGUMENT")
        let removeConsultation = HabilitationRequest(kind: .remove, application: .facturesRecues, level: .consultation)
        #expect(domainErrorCode { try removeConsultation.checkUseful(on: Self.commune, held: held, isAttached: true) } == nil)
        let otherService = HabilitationRequest(kind: .add, application: .facturesRecues, level: .consultation, serviceCode: "VOIRIE")
        #expect(domainErrorCode { try otherService.checkUseful(on: Self.commune, held: held, isAttached: true) } == nil, "a service's habilitation is another one")
    }

    /// Joining a structure is asked (request attach) where one is not
    /// attached; habilitations are asked where one is.
    @Test func attachmentRequestsAreForStructuresOneIsNotAttachedTo() throws {
        let attach = HabilitationRequest(kind: .attach, application: .facturesEmises, level: .consultation)
        #expect(domainErrorCode { try attach.checkUseful(on: Self.commune, held: [], isAttached: false) } == nil)
        #expect(domainErrorCode { try attach.checkUseful(on: Self.commune, held: [], isAttached: true) } == "ALREADY_ATTACHED")
        let add = HabilitationRequest(kind: .add, application: .facturesEmises, level: .consultation)
        #expect(domainErrorCode { try add.checkUseful(on: Self.commune, held: [], isAttached: false) } == "NOT_ATTACHED")
        #expect(try HabilitationRequest.kind(parsing: "attach") == .attach)
    }

    @Test func anApprovedAttachmentRequestAttachesAsAPlainUser() {
        let toService = HabilitationRequest(kind: .attach, application: .facturesRecues, level: .consultation, serviceCode: "VOIRIE")
        #expect(toService.attachment(for: Self.requester, on: Self.commune, current: nil)
            == StructureAttachment(user: Self.requester, structure: Self.commune, role: .utilisateur, serviceCodes: ["VOIRIE"]))
        // Attached meanwhile to another service: the restriction widens.
        let current = StructureAttachment(user: Self.requester, structure: Self.commune, role: .utilisateur, serviceCodes: ["ECOLES"])
        #expect(toService.attachment(for: Self.requester, on: Self.commune, current: current).serviceCodes == ["ECOLES", "VOIRIE"])
        let whole = HabilitationRequest(kind: .attach, application: .facturesRecues, level: .consultation)
        #expect(whole.attachment(for: Self.requester, on: Self.commune, current: nil).serviceCodes == nil)
        #expect(whole.attachment(for: Self.requester, on: Self.commune, current: current).serviceCodes == nil)
        let manager = StructureAttachment(user: Self.requester, structure: Self.commune, role: .gestionnaireSecondaire)
        #expect(toService.attachment(for: Self.requester, on: Self.commune, current: manager) == manager, "a role is never lowered")
    }

    @Test func nobodyDecidesTheirOwnRequestButAnAdministrator() throws {
        var request = HabilitationRequest(kind: .add, application: .engagements, level: .consultation)
        #expect(domainErrorCode {
            try request.apply(.approve, by: Self.requester, isAdministrator: false, requester: Self.requester, comment: "")
        } == "FORBIDDEN")
        #expect(request.isPending)
        try request.apply(.approve, by: Self.requester, isAdministrator: true, requester: Self.requester, comment: "")
        #expect(request.state == .approved(by: Self.requester, comment: ""))
    }

    @Test func onlyTheRequesterWithdraws() throws {
        var request = HabilitationRequest(kind: .add, application: .engagements, level: .consultation)
        #expect(domainErrorCode {
            try request.apply(.withdraw, by: Self.manager, isAdministrator: true, requester: Self.requester, comment: "")
        } == "FORBIDDEN")
        try request.apply(.withdraw, by: Self.requester, isAdministrator: false, requester: Self.requester, comment: "")
        #expect(request.state == .withdrawn)
        #expect(domainErrorCode {
            try request.apply(.refuse, by: Self.manager, isAdministrator: false, requester: Self.requester, comment: "non")
        } == "INVALID_REQUEST_TRANSITION")
    }

    @Test func severalViolationsKeepTheFirstAsTheMainCode() throws {
        let error = try #require(DomainError(violations: [
            .init(.invalidDate, "date", field: "from"), .init(.invalidName, "nom", rule: "R-1"),
        ]))
        #expect(error.code == .invalidDate)
        #expect(error.violations.count == 2)
        #expect(error.message.contains("1 autre"))
    }
}
