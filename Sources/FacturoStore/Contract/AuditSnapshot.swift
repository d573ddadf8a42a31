import FacturoDomain
import Foundation

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
            "mandat_facturation": .flag(structure.parameters.billingMandate),
            "controle_engagements": .flag(structure.parameters.checkEngagements),
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
    /// A new account, never its password hash.
    public static func describe(newUser user: User, certificate: CertificateFingerprint?) -> AuditSnapshot {
        var snapshot: AuditSnapshot = [
            "email": .text(user.email.value), "name": .text(user.displayName), "kind": .text(user.kind.rawValue),
            "administrator": .flag(user.isPlatformAdministrator),
        ]
        if let certificate { snapshot["certificate_sha256"] = .text(certificate.hex) }
        return snapshot
    }

    public static func describe(_ engagement: Engagement) -> AuditSnapshot {
        [
            "number": .text(engagement.number), "supplier": .text(engagement.supplier.description),
            "amount": .text(ExactDecimal.text(engagement.amount, .amount)),
            "valid_from": .text(engagement.validFrom?.iso ?? ""), "valid_until": .text(engagement.validUntil?.iso ?? ""),
        ]
    }

    public static func activity(_ active: Bool) -> AuditSnapshot { ["active": .flag(active)] }

    /// A habilitation before or after a change: nil where there was none.
    public static func describeIfPresent(_ habilitation: Habilitation?) -> AuditSnapshot? {
        habilitation.map { describe($0) }
    }

    /// A technical account's certificate; empty text when it had none.
    public static func certificate(_ sha256: String) -> AuditSnapshot { ["certificate_sha256": .text(sha256)] }

    public static func describe(_ request: HabilitationRequest, comment: String) -> AuditSnapshot {
        [
            "kind": .text(request.kind.rawValue), "application": .text(request.application.rawValue), "level": .text(request.level.rawValue),
            "service": .text(request.serviceCode ?? ""), "comment": .text(comment),
        ]
    }

    /// A request's state, and the decision's comment when there is one.
    public static func state(_ state: HabilitationRequest.State, comment: String? = nil) -> AuditSnapshot {
        var snapshot: AuditSnapshot = ["state": .text(state.name)]
        if let comment { snapshot["comment"] = .text(comment) }
        return snapshot
    }

    /// Compact, key-sorted JSON, so equal states always read the same in
    /// every store; "" for no snapshot. Written by hand: the snapshot is a
    /// flat map of texts and flags, and JSONEncoder (generic, boxed) was
    /// about 2 % of an invoice submission's server CPU (perf, 2026-12-01);
    /// JSONSerialization is worse (it bridges to NSDictionary and sorts
    /// keys with locale-aware comparisons). The output is byte for byte
    /// JSONEncoder's with `.sortedKeys` and `.withoutEscapingSlashes`
    /// (tested): keys in code-point order, `"` `\\` and control characters
    /// escaped, everything else as is.
    public static func json(_ snapshot: AuditSnapshot?) -> String {
        guard let snapshot else { return "" }
        var out = "{"
        for (index, key) in snapshot.keys.sorted(by: { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }).enumerated() {
            if index > 0 { out += "," }
            appendQuoted(key, to: &out)
            out += ":"
            switch snapshot[key]! {
            case let .text(text): appendQuoted(text, to: &out)
            case let .flag(flag): out += flag ? "true" : "false"
            }
        }
        return out + "}"
    }

    private static func appendQuoted(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

/// What an audit line is about, written the same by every store.
public enum AuditTarget {
    public static func request(_ id: Int64) -> String { "demande \(id)" }
    /// A habilitation's holder, by e-mail (by id if the account is gone).
    public static func habilitation(of user: UserID, email: String?) -> String { email ?? "\(user)" }
    public static func service(_ code: String, of structure: StructureIdentifier) -> String { "\(structure)/\(code)" }
    public static func engagement(_ number: String, of structure: StructureIdentifier) -> String { "\(structure)/EJ \(number)" }
    public static func invoice(_ number: String, of supplier: StructureIdentifier) -> String { "\(supplier)/\(number)" }
}


/// A value in an audit line's before/after object.
public enum AuditValue: Encodable, Equatable, Sendable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
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
