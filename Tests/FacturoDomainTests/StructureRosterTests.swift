import FacturoDomain
import Testing

/// Attachment roles: one principal manager per structure, transfers,
/// what secondary managers and plain users may do.
@Suite struct StructureRosterTests {
    static let structure = try! StructureIdentifier(parsing: "20007104100046")
    static let principal = UserID(rawValue: 1)
    static let secondary = UserID(rawValue: 2)
    static let plain = UserID(rawValue: 3)
    static let newcomer = UserID(rawValue: 4)

    static func roster() -> StructureRoster {
        StructureRoster(structure: structure, attachments: [
            StructureAttachment(user: principal, structure: structure, role: .gestionnairePrincipal),
            StructureAttachment(user: secondary, structure: structure, role: .gestionnaireSecondaire),
            StructureAttachment(user: plain, structure: structure, role: .utilisateur),
        ])
    }

    @Test func managersAttachPlainUsersOptionallyRestrictedToServices() throws {
        var roster = Self.roster()
        let change = try roster.attach(Self.newcomer, role: .utilisateur, serviceCodes: ["TRAVAUX"], by: .member(Self.secondary))
        #expect(change.upserts == [StructureAttachment(user: Self.newcomer, structure: Self.structure, role: .utilisateur, serviceCodes: ["TRAVAUX"])])
        #expect(roster.attachment(of: Self.newcomer)?.covers(serviceCode: "TRAVAUX") == true)
        #expect(roster.attachment(of: Self.newcomer)?.covers(serviceCode: "AUTRE") == false)
    }

    @Test func plainUsersManageNothing() {
        var roster = Self.roster()
        #expect(domainErrorCode { _ = try roster.attach(Self.newcomer, role: .utilisateur, serviceCodes: nil, by: .member(Self.plain)) } == "FORBIDDEN")
        #expect(domainErrorCode { _ = try roster.detach(Self.secondary, by: .member(Self.plain)) } == "FORBIDDEN")
        #expect(roster == Self.roster(), "a refusal changes nothing")
    }

    @Test func attachingTwiceIsRefused() {
        var roster = Self.roster()
        #expect(domainErrorCode { _ = try roster.attach(Self.plain, role: .utilisateur, serviceCodes: nil, by: .administrator) } == "ALREADY_ATTACHED")
    }

    @Test func appointingAPrincipalTransfersTheRole() throws {
        var roster = Self.roster()
        let change = try roster.setRole(of: Self.plain, to: .gestionnairePrincipal, by: .member(Self.principal))
        #expect(roster.principal?.user == Self.plain)
        #expect(roster.attachment(of: Self.principal)?.role == .gestionnaireSecondaire)
        #expect(roster.attachments.filter { $0.role == .gestionnairePrincipal }.count == 1)
        #expect(Set(change.upserts.map(\.user)) == [Self.plain, Self.principal])
    }

    @Test func onlyThePrincipalOrAnAdministratorNamesManagers() throws {
        var roster = Self.roster()
        #expect(domainErrorCode { _ = try roster.setRole(of: Self.plain, to: .gestionnairePrincipal, by: .member(Self.secondary)) } == "FORBIDDEN")
        #expect(domainErrorCode { _ = try roster.setRole(of: Self.plain, to: .gestionnaireSecondaire, by: .member(Self.secondary)) } == "FORBIDDEN")
        #expect(domainErrorCode { _ = try roster.detach(Self.secondary, by: .member(Self.secondary)) } == "FORBIDDEN")
        _ = try roster.setRole(of: Self.plain, to: .gestionnaireSecondaire, by: .administrator)
        #expect(roster.attachment(of: Self.plain)?.role == .gestionnaireSecondaire)
    }

    @Test func thePrincipalStaysUntilASuccessorIsNamed() {
        var roster = Self.roster()
        #expect(domainErrorCode { _ = try roster.detach(Self.principal, by: .administrator) } == "ROLE_RULE")
        #expect(domainErrorCode { _ = try roster.setRole(of: Self.principal, to: .utilisateur, by: .member(Self.principal)) } == "ROLE_RULE")
        #expect(roster == Self.roster())
    }

    @Test func detachingSomeoneNotAttached() {
        var roster = Self.roster()
        #expect(domainErrorCode { _ = try roster.detach(Self.newcomer, by: .administrator) } == "NOT_ATTACHED")
    }

    @Test func promotionToManagerLiftsServiceRestrictions() throws {
        var roster = StructureRoster(structure: Self.structure, attachments: [
            StructureAttachment(user: Self.principal, structure: Self.structure, role: .gestionnairePrincipal),
            StructureAttachment(user: Self.plain, structure: Self.structure, role: .utilisateur, serviceCodes: ["TRAVAUX"]),
        ])
        _ = try roster.setRole(of: Self.plain, to: .gestionnaireSecondaire, by: .member(Self.principal))
        #expect(roster.attachment(of: Self.plain)?.serviceCodes == nil)
    }

    /// Demoting first, then detaching as a plain user, was how a secondary
    /// manager removed the others: demoting a manager needs the principal.
    @Test func onlyThePrincipalOrAnAdministratorDemotesAManager() throws {
        var roster = Self.roster()
        #expect(domainErrorCode { _ = try roster.setRole(of: Self.secondary, to: .utilisateur, by: .member(Self.secondary)) } == "FORBIDDEN")
        #expect(roster == Self.roster())
        _ = try roster.setRole(of: Self.secondary, to: .utilisateur, by: .member(Self.principal))
        #expect(roster.attachment(of: Self.secondary)?.role == .utilisateur)
        var other = Self.roster()
        _ = try other.setRole(of: Self.secondary, to: .utilisateur, by: .administrator)
        #expect(other.attachment(of: Self.secondary)?.role == .utilisateur)
    }

    @Test func thePrincipalsHabilitationsAreThePrincipalsToChange() throws {
        let roster = Self.roster()
        #expect(domainErrorCode { try roster.requireMayChangeHabilitations(of: Self.principal, by: .member(Self.secondary)) } == "FORBIDDEN")
        #expect(domainErrorCode { try roster.requireMayChangeHabilitations(of: Self.principal, by: .member(Self.principal)) } == nil)
        #expect(domainErrorCode { try roster.requireMayChangeHabilitations(of: Self.principal, by: .administrator) } == nil)
        #expect(domainErrorCode { try roster.requireMayChangeHabilitations(of: Self.plain, by: .member(Self.secondary)) } == nil)
        #expect(domainErrorCode { try roster.requireMayChangeHabilitations(of: Self.plain, by: .member(Self.plain)) } == "FORBIDDEN")
        #expect(domainErrorCode { try roster.requireMayChangeHabilitations(of: Self.newcomer, by: .member(Self.principal)) } == "NOT_ATTACHED")
    }

    /// A technical account belongs to the structure that created it: never
    /// attached elsewhere, never detached (revoked instead), never a manager.
    @Test func technicalAccountsStayWithTheirStructure() throws {
        var roster = Self.roster()
        #expect(domainErrorCode { _ = try roster.attach(Self.newcomer, technical: true, role: .utilisateur, serviceCodes: nil, by: .administrator) } == "ROLE_RULE")
        #expect(domainErrorCode { _ = try roster.detach(Self.plain, technical: true, by: .administrator) } == "ROLE_RULE")
        #expect(domainErrorCode { _ = try roster.setRole(of: Self.plain, technical: true, to: .gestionnaireSecondaire, by: .administrator) } == "ROLE_RULE")
        #expect(roster == Self.roster())
    }
}
