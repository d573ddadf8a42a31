import FacturoDomain
import Foundation
import GRDB

/// Writes audit lines inside the caller's transaction, so that a change
/// and its trace commit together or not at all.
enum SQLiteAudit {
    static func record(
        _ db: Database, actor: AuditActor, action: String, structureID: Int64?, target: String,
        before: [String: AuditValue]? = nil, after: [String: AuditValue]? = nil
    ) throws {
        try db.cachedStatement(sql: "INSERT INTO audit_log (at, actor_id, actor, action, structure_id, target, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .execute(arguments: [nowMilliseconds(), actor.userID?.rawValue, actor.label, action, structureID, target, json(before), json(after)])
    }

    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }

    /// Compact, key-sorted JSON, so equal states always read the same.
    /// JSONEncoder rather than JSONSerialization: the latter bridges to
    /// NSDictionary and sorts keys with locale-aware comparisons, which was
    /// half the cost of a directory import (measured with perf).
    static func json(_ object: [String: AuditValue]?) -> String {
        guard let object, let data = try? encoder.encode(object) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func describe(_ structure: Structure) -> [String: AuditValue] {
        [
            "identifier": .text(structure.identifier.description),
            "name": .text(structure.name),
            "address": .text(structure.address.line),
            "postcode": .text(structure.address.postcode),
            "town": .text(structure.address.town),
            "country": .text(structure.address.countryCode),
            "public": .flag(structure.isPublic),
            "active": .flag(structure.isActive),
            "service_code_required": .flag(structure.parameters.serviceCodeRequired),
            "engagement_required": .flag(structure.parameters.engagementRequired),
            "engagement_or_service_code": .flag(structure.parameters.engagementOrServiceCode),
            "handles_mise_en_paiement": .flag(structure.parameters.handlesMiseEnPaiement),
        ]
    }

    static func describe(_ service: Service) -> [String: AuditValue] {
        [
            "code": .text(service.code),
            "label": .text(service.label),
            "active": .flag(service.isActive),
            "engagement_required": .flag(service.engagementRequired),
            "valid_from": .text(service.validFrom?.iso ?? ""),
            "valid_until": .text(service.validUntil?.iso ?? ""),
        ]
    }

    static func describe(_ attachment: StructureAttachment) -> [String: AuditValue] {
        ["role": .text(attachment.role.rawValue), "services": .text(attachment.serviceCodes.map { $0.sorted().joined(separator: ",") } ?? "")]
    }

    static func describe(_ habilitation: Habilitation) -> [String: AuditValue] {
        ["application": .text(habilitation.application.rawValue), "level": .text(habilitation.level.rawValue), "service": .text(habilitation.serviceCode ?? "")]
    }
}

/// A value in an audit line's before/after object.
enum AuditValue: Encodable, Equatable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    case text(String)
    case flag(Bool)

    init(stringLiteral value: String) { self = .text(value) }
    init(booleanLiteral value: Bool) { self = .flag(value) }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .text(text): try container.encode(text)
        case let .flag(flag): try container.encode(flag)
        }
    }
}
