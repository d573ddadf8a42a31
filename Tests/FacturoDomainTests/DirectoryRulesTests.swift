import FacturoDomain
import Testing

@Suite struct DirectoryRulesTests {
    @Test func identifiersOfEveryType() throws {
        #expect(try StructureIdentifier(parsing: "200 071 041 00046").description == "20007104100046")
        #expect(try StructureIdentifier(parsing: "ridet:1234567").description == "RIDET:1234567")
        #expect(try StructureIdentifier(parsing: "HORS_UE:us-123.45").value == "US-123.45")
        #expect(domainErrorCode { _ = try StructureIdentifier(parsing: "20004216800013") } == "INVALID_SIRET")
        #expect(domainErrorCode { _ = try StructureIdentifier(parsing: "LUNE:42") } == "INVALID_IDENTIFIER")
        #expect(domainErrorCode { _ = try StructureIdentifier(parsing: "RIDET: ") } == "INVALID_IDENTIFIER")
        #expect(domainErrorCode { _ = try StructureIdentifier(parsing: "RIDET:a;b") } == "INVALID_IDENTIFIER")
    }

    @Test func theStateAlwaysRequiresAServiceCode() throws {
        let etat = try Structure(identifier: .etat, name: "ETAT", isPublic: true, parameters: RecipientParameters(engagementOrServiceCode: true))
        #expect(etat.parameters.serviceCodeRequired)
        #expect(!etat.parameters.engagementOrServiceCode)
        #expect(etat.parameters.missingValues(serviceCode: nil, engagementNumber: "EJ1", structure: .etat) == ["code service (obligatoire pour l'État)"])
        let commune = try StructureIdentifier(parsing: "21100001900011")
        let either = RecipientParameters(engagementOrServiceCode: true)
        #expect(either.missingValues(serviceCode: nil, engagementNumber: "EJ1", structure: commune).isEmpty)
        #expect(either.missingValues(serviceCode: nil, engagementNumber: nil, structure: commune) == ["code service ou numéro d'engagement"])
    }

    @Test func namesAddressesDatesAndServices() throws {
        #expect(domainErrorCode { _ = try Structure(identifier: .etat, name: "  ", isPublic: true) } == "INVALID_NAME")
        #expect(domainErrorCode { _ = try PostalAddress(postcode: "7500") } == "INVALID_ADDRESS")
        #expect(domainErrorCode { _ = try PostalAddress(countryCode: "FRA") } == "INVALID_ADDRESS")
        #expect(try PostalAddress(postcode: "BT1 1AA", countryCode: "gb").countryCode == "GB")
        #expect(domainErrorCode { _ = try CalendarDate("2026-02-29") } == "INVALID_DATE")
        #expect(try CalendarDate("2028-02-29").iso == "2028-02-29")
        #expect(domainErrorCode { _ = try CalendarDate("2026-1-01") } == "INVALID_DATE")
        #expect(domainErrorCode {
            _ = try Service(code: "X", label: "x", validFrom: CalendarDate("2026-12-31"), validUntil: CalendarDate("2026-01-01"))
        } == "INVALID_DATE")
        #expect(domainErrorCode { _ = try Service(code: "X", label: " ") } == "INVALID_NAME")
    }

    @Test func searchFoldsAccentsAndCase() {
        #expect(SearchFolding.fold("CC DU CHAOURÇOIS") == SearchFolding.fold("cc du chaourcois"))
        #expect(SearchFolding.fold("Écoles’") == "ecoles'")
    }

    @Test func certificateFingerprints() throws {
        let colons = Array(repeating: "AB", count: 32).joined(separator: ":")
        #expect(try CertificateFingerprint(colons).hex == String(repeating: "ab", count: 32))
        #expect(CertificateFingerprint(digest: [0x00, 0x0f, 0xff]).hex == "000fff")
        #expect(domainErrorCode { _ = try CertificateFingerprint("abcd") } == "INVALID_CERTIFICATE_FINGERPRINT")
        #expect(domainErrorCode { _ = try CertificateFingerprint(String(repeating: "zz", count: 32)) } == "INVALID_CERTIFICATE_FINGERPRINT")
    }
}

/// Directory import lines: columns by name, every value checked.
@Suite struct DirectoryImportLayoutTests {
    static let header = ["identifiant", "raison_sociale", "publique", "code_postal", "service_code", "service_libelle", "service_debut", "Type_Identifiant"]

    @Test func aLineWithAService() throws {
        let layout = try DirectoryImportLayout(header: Self.header)
        let record = try layout.record(["21100001900011", " COMMUNE ", "oui", "10000", "VOIRIE", "Voirie", "2026-01-01", ""])
        #expect(record.structure.identifier.description == "21100001900011")
        #expect(record.structure.name == "COMMUNE")
        #expect(record.structure.isPublic)
        #expect(record.structure.address.postcode == "10000")
        #expect(record.service?.code == "VOIRIE")
        #expect(record.service?.validFrom?.iso == "2026-01-01")
        let noService = try layout.record(["1234567", "X", "non", "", "", "", "", "RIDET"])
        #expect(noService.service == nil)
        #expect(noService.structure.identifier.description == "RIDET:1234567")
        #expect(try layout.record(["TAHITI:A12345", "X", "non", "", "", "", "", ""]).structure.identifier.type == .tahiti)
    }

    @Test func headersAreChecked() {
        #expect(domainErrorCode { _ = try DirectoryImportLayout(header: ["identifiant", "raison_sociale", "publique", "siren"]) } == "INVALID_ARGUMENT")
        #expect(domainErrorCode { _ = try DirectoryImportLayout(header: ["identifiant", "raison_sociale"]) } == "INVALID_ARGUMENT")
        #expect(domainErrorCode { _ = try DirectoryImportLayout(header: ["identifiant", "raison_sociale", "publique", "publique"]) } == "INVALID_ARGUMENT")
    }

    @Test func badValuesAreRefusedWithTheirCode() throws {
        let layout = try DirectoryImportLayout(header: Self.header)
        #expect(domainErrorCode { _ = try layout.record(["20004216800013", "X", "oui", "", "", "", "", ""]) } == "INVALID_SIRET")
        #expect(domainErrorCode { _ = try layout.record(["21100001900011", "X", "peut-être", "", "", "", "", ""]) } == "INVALID_ARGUMENT")
        #expect(domainErrorCode { _ = try layout.record(["21100001900011", "X", "oui", "", "bad code", "", "", ""]) } == "INVALID_SERVICE_CODE")
        #expect(domainErrorCode { _ = try layout.record(["21100001900011", "X", "oui", "", "A", "a", "2026-13-01", ""]) } == "INVALID_DATE")
        #expect(domainErrorCode { _ = try layout.record(["1", "X", "oui", "", "", "", "", "MARS"]) } == "INVALID_IDENTIFIER")
    }
}
