import FacturoDomain
import FacturoStore
import Foundation
import Testing

/// The hand-written audit JSON is JSONEncoder's, byte for byte, so that
/// lines written before and after it read the same.
@Suite struct AuditSnapshotJSONTests {
    static func reference(_ snapshot: AuditSnapshot) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(snapshot), as: UTF8.self)
    }

    @Test(arguments: [
        ["id": "a/b", "name": "COMMUNE D'ÉTÉ « test »", "public": true, "active": false],
        ["comment": "ligne 1\nligne 2\r\tfin \"cité\" \\ retour", "controls": .text("\u{01}\u{08}\u{0C}\u{1F}\u{7F}"), "unicode": "\u{2028} 😀 é"],
        ["b_key": "2", "a_key": "1", "a": "0", "A": "maj", "_": "souligné", "z9": "x", "z10": "y"],
        [:],
    ] as [AuditSnapshot])
    func handWrittenJSONIsJSONEncoders(_ snapshot: AuditSnapshot) throws {
        #expect(AuditSnapshot.json(snapshot) == (try Self.reference(snapshot)))
    }

    @Test func noSnapshotIsEmpty() {
        #expect(AuditSnapshot.json(nil) == "")
    }
}
