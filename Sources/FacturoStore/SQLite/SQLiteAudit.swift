import FacturoDomain
import Foundation
import GRDB

/// Writes audit lines inside the caller's transaction, so that a change
/// and its trace commit together or not at all.
enum SQLiteAudit {
    static func record(
        _ db: Database, actor: AuditActor, action: String, structureID: Int64?, target: String,
        before: [String: Any]? = nil, after: [String: Any]? = nil
    ) throws {
        try db.execute(
            sql: "INSERT INTO audit_log (at, actor_id, actor, action, structure_id, target, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [nowMilliseconds(), actor.userID?.rawValue, actor.label, action, structureID, target, json(before), json(after)]
        )
    }

    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }

    /// Compact, key-sorted JSON, so equal states always read the same.
    static func json(_ object: [String: Any]?) -> String {
        guard let object, let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    static func describe(_ structure: Structure) -> [String: Any] {
        [
            "identifier": structure.identifier.description,
            "name": structure.name,
            "address": structure.address.line,
            "postcode": structure.address.postcode,
            "town": structure.address.town,
            "country": structure.address.countryCode,
            "public": structure.isPublic,
            "active": structure.isActive,
            "service_code_required": structure.parameters.serviceCodeRequired,
            "engagement_required": structure.parameters.engagementRequired,
            "engagement_or_service_code": structure.parameters.engagementOrServiceCode,
            "handles_mise_en_paiement": structure.parameters.handlesMiseEnPaiement,
        ]
    }

    static func describe(_ service: Service) -> [String: Any] {
        [
            "code": service.code,
            "label": service.label,
            "active": service.isActive,
            "engagement_required": service.engagementRequired,
            "valid_from": service.validFrom?.iso ?? "",
            "valid_until": service.validUntil?.iso ?? "",
        ]
    }

    static func describe(_ attachment: StructureAttachment) -> [String: Any] {
        ["role": attachment.role.rawValue, "services": attachment.serviceCodes.map { $0.sorted().joined(separator: ",") } ?? ""]
    }

    static func describe(_ habilitation: Habilitation) -> [String: Any] {
        ["application": habilitation.application.rawValue, "level": habilitation.level.rawValue, "service": habilitation.serviceCode ?? ""]
    }
}
