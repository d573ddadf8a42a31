import FacturoDomain
import Foundation
import Testing

@Suite struct FlowManifestTests {
    static let header = "numero;date;destinataire;service;total_ht;total_tva;type_tva;fichier"

    func code(_ text: String) -> String? {
        do { _ = try FlowManifest(parsing: text) } catch { return error.code.rawValue }
        return nil
    }

    @Test func rowsCarryTheHeaderFieldsAndAmounts() throws {
        let manifest = try FlowManifest(parsing: """
            \u{FEFF}\(Self.header);total_ttc;commentaire;engagement
            F-1;2020-10-01;21100001900011;FACTURES_PUBLIQUES;100.00;20.00;TVA_SUR_DEBIT;f1.pdf;120.00;"Espaces verts; septembre";
            F-2;;13001727000013;;50;10;;f2.pdf;;;EJ-9

            """)
        #expect(manifest.rows.count == 2)
        let first = manifest.rows[0]
        #expect(first.line == 2)
        #expect(first.number == "F-1")
        #expect(first.file == "f1.pdf")
        #expect(first.invoice.header.recipientService == "FACTURES_PUBLIQUES")
        #expect(first.invoice.header.comment == "Espaces verts; septembre")
        #expect(first.invoice.totalTTC == "120.00")
        #expect(first.invoice.header.engagement == nil)
        let second = manifest.rows[1]
        #expect(second.invoice.header.date == nil)  // the deposit day
        #expect(second.invoice.header.vatType == nil)  // TVA_SUR_DEBIT
        #expect(second.invoice.header.engagement == "EJ-9")
    }

    @Test func commasWorkAsWell() throws {
        let manifest = try FlowManifest(parsing: "\(Self.header.replacingOccurrences(of: ";", with: ","))\nF-1,2020-10-01,13001727000013,,1.00,0.20,TVA_SUR_DEBIT,f.pdf\n")
        #expect(manifest.rows.first?.invoice.totalVAT == "0.20")
    }

    @Test func aHeaderThatIsNotAFlowsRejectsTheWholeFlow() {
        #expect(code("") == "INVALID_FLOW")
        #expect(code(Self.header) == "INVALID_FLOW")  // no invoice
        #expect(code("numero;date\nF-1;2020-10-01") == "INVALID_FLOW")  // required columns missing
        #expect(code("\(Self.header);couleur\nF-1") == "INVALID_FLOW")  // unknown column
        #expect(code("\(Self.header);numero\nF-1") == "INVALID_FLOW")  // twice
        #expect(code("\(Self.header)\n\"F-1;2020") == "INVALID_FLOW")  // quote left open
    }

    @Test func fiveHundredInvoicesAtMost() throws {
        let row = "F;2020-10-01;13001727000013;;1.00;0.20;TVA_SUR_DEBIT;f.pdf"
        let full = ([Self.header] + Array(repeating: row, count: 500)).joined(separator: "\n")
        #expect(try FlowManifest(parsing: full).rows.count == 500)
        #expect(code(full + "\n" + row) == "FLOW_TOO_LARGE")
    }

    @Test func theEndOfAFlowFollowsItsRows() {
        #expect(FlowStatus.end(accepted: 3, rejected: 0) == .integrated)
        #expect(FlowStatus.end(accepted: 2, rejected: 1) == .partlyIntegrated)
        #expect(FlowStatus.end(accepted: 0, rejected: 4) == .rejected)
        #expect(FlowStatus.allCases.filter(\.isFinal) == [.integrated, .partlyIntegrated, .rejected])
    }

    /// A row's amounts are named by their columns, every wrong one at once.
    @Test func aDepositedRowReportsEveryWrongValue() throws {
        var header = InvoiceHeaderFields()
        header.number = "F-1"
        header.vatType = "TVA"
        header.recipient = "13001727000013"
        let fields = DepositedInvoiceFields(header: header, totalHT: "1,00", totalVAT: "", totalTTC: "", amountDue: "x")
        do {
            _ = try fields.document(supplier: .etat, depositDay: CalendarDate("2020-10-01"), channel: .flux, names: .flow)
            Issue.record("accepted")
        } catch {
            #expect(error.violations.map(\.field) == ["vat_type", "total_ht", "total_tva", "net_a_payer"])
        }
        header.vatType = nil
        let good = DepositedInvoiceFields(header: header, totalHT: "100.00", totalVAT: "20.00")
        let document = try good.document(supplier: .etat, depositDay: CalendarDate("2020-10-01"), channel: .flux, names: .flow)
        #expect(document.channel == .flux)
        #expect(document.totals.totalTTC == Decimal(string: "120.00", locale: Locale(identifier: "en_US_POSIX")))
    }

    /// A row's refusals name the columns of factures.csv, not the wire's fields.
    @Test func refusalsNameTheColumns() {
        let violation = DomainError.Violation(.invalidArgument, "vat_type : type de TVA inconnu : « TVA »", field: "vat_type")
        let reworded = FlowManifest.reworded(violation)
        #expect(reworded.field == "type_tva")
        #expect(reworded.message == "type_tva : type de TVA inconnu : « TVA »")
        let unknownField = DomainError.Violation(.invalidFlow, "fichier : absent", field: "fichier")
        #expect(FlowManifest.reworded(unknownField) == unknownField)
    }
}
