import FacturoDomain

/// The state of an entity as an audit line records it (before/after): the
/// same keys and values whatever the store, encoded by the store as
/// compact key-sorted JSON. Never hashes, never secrets.
public typealias AuditSnapshot = [String: AuditValue]

extension AuditSnapshot {
    public static func describe(_ structure: Structure) -> AuditSnapshot {
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

    public static func describe(_ service: Service) -> AuditSnapshot {
        [
            "code": .text(service.code),
            "label": .text(service.label),
            "active": .flag(service.isActive),
            "engagement_required": .flag(service.engagementRequired),
            "valid_from": .text(service.validFrom?.iso ?? ""),
            "valid_until": .text(service.validUntil?.iso ?? ""),
        ]
    }

    public static func describe(_ attachment: StructureAttachment) -> AuditSnapshot {
        ["role": .text(attachment.role.rawValue), "services": .text(attachment.serviceCodes.map { $0.sorted().joined(separator: ",") } ?? "")]
    }

    public static func describe(_ habilitation: Habilitation) -> AuditSnapshot {
        ["application": .text(habilitation.application.rawValue), "level": .text(habilitation.level.rawValue), "service": .text(habilitation.serviceCode ?? "")]
    }
}

/// A value in an audit line's before/after object.
public enum AuditValue: Encodable, Equatable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    case text(String)
    case flag(Bool)

    public init(stringLiteral value: String) { self = .text(value) }
    public init(booleanLiteral value: Bool) { self = .flag(value) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .text(text): try container.encode(text)
        case let .flag(flag): try container.encode(flag)
        }
    }
}
