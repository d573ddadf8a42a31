import FacturoDomain
import Foundation
import GRDB

/// Rows back to domain values. A row that no longer satisfies the domain's
/// rules is reported as `StoreError.corrupt`, never silently patched.
enum SQLiteRows {
    static func user(_ row: Row) throws -> User {
        let rawEmail: String = row["email"]
        let rawKind: String = row["kind"]
        guard let email = try? EmailAddress(rawEmail), let kind = AccountKind(rawValue: rawKind) else {
            throw StoreError.corrupt("user \(row["id"] as Int64)")
        }
        return User(
            id: UserID(rawValue: row["id"]),
            email: email,
            displayName: row["display_name"],
            kind: kind,
            isPlatformAdministrator: row["is_platform_admin"],
            isActive: row["is_active"],
            isTechnical: row["is_technical"]
        )
    }

    static func identifier(_ row: Row, type: String = "identifier_type", value: String = "identifier") throws -> StructureIdentifier {
        try identifier(type: row[type], value: row[value])
    }

    /// A stored identifier, checked again by the domain's rules.
    static func identifier(type rawType: String, value rawValue: String) throws -> StructureIdentifier {
        guard let kind = StructureIdentifierType(rawValue: rawType), let identifier = try? StructureIdentifier(type: kind, value: rawValue) else {
            throw StoreError.corrupt("structure \(rawType):\(rawValue)")
        }
        return identifier
    }

    static func structure(_ row: Row, services: [Service]) throws -> Structure {
        let identifier = try identifier(row)
        do {
            return try Structure(
                identifier: identifier,
                name: row["name"],
                address: PostalAddress(line: row["address_line"], postcode: row["postcode"], town: row["town"], countryCode: row["country_code"]),
                isPublic: row["is_public"],
                isActive: row["is_active"],
                parameters: RecipientParameters(
                    serviceCodeRequired: row["service_code_required"],
                    engagementRequired: row["engagement_required"],
                    engagementOrServiceCode: row["engagement_or_service_code"],
                    handlesMiseEnPaiement: row["handles_mise_en_paiement"],
                    billingMandate: row["billing_mandate"],
                    checkEngagements: row["check_engagements"]
                ),
                services: services
            )
        } catch {
            throw StoreError.corrupt("structure \(identifier): \(error)")
        }
    }

    static func service(_ row: Row) throws -> Service {
        do {
            let from: String? = row["valid_from"]
            let until: String? = row["valid_until"]
            return try Service(
                code: row["code"], label: row["label"], isActive: row["is_active"], engagementRequired: row["engagement_required"],
                validFrom: from.map(CalendarDate.init), validUntil: until.map(CalendarDate.init)
            )
        } catch {
            throw StoreError.corrupt("service \(row["code"] as String): \(error)")
        }
    }

    /// `row` joined with structures as `s_type`, `s_identifier`.
    static func attachment(_ row: Row) throws -> StructureAttachment {
        let rawRole: String = row["role"]
        guard let role = StructureAttachment.Role(rawValue: rawRole) else { throw StoreError.corrupt("attachment role \(rawRole)") }
        let codes: String? = row["service_codes"]
        return StructureAttachment(
            user: UserID(rawValue: row["user_id"]),
            structure: try identifier(row, type: "s_type", value: "s_identifier"),
            role: role,
            serviceCodes: codes.map { Set($0.split(separator: ",").map(String.init)) }
        )
    }

    static func habilitation(_ row: Row) throws -> Habilitation {
        let rawApplication: String = row["application"]
        let rawLevel: String = row["level"]
        guard let application = Application(rawValue: rawApplication), let level = AccessLevel(rawValue: rawLevel) else {
            throw StoreError.corrupt("habilitation \(rawApplication)/\(rawLevel)")
        }
        let service: String = row["service_code"]
        return Habilitation(
            user: UserID(rawValue: row["user_id"]),
            structure: try identifier(row, type: "s_type", value: "s_identifier"),
            serviceCode: service.isEmpty ? nil : service,
            application: application,
            level: level
        )
    }

    static func request(_ row: Row) throws -> StoredRequest {
        let rawKind: String = row["kind"]
        let rawApplication: String = row["application"]
        let rawLevel: String = row["level"]
        guard let kind = HabilitationRequest.Kind(rawValue: rawKind), let application = Application(rawValue: rawApplication),
              let level = AccessLevel(rawValue: rawLevel)
        else { throw StoreError.corrupt("request \(row["id"] as Int64)") }
        let decider = UserID(rawValue: (row["decided_by_id"] as Int64?) ?? 0)
        let decisionComment: String = row["decision_comment"]
        let states: [HabilitationRequest.State] = [
            .pending, .approved(by: decider, comment: decisionComment), .refused(by: decider, comment: decisionComment), .withdrawn,
        ]
        guard let state = states.first(where: { $0.name == row["state"] as String }) else {
            throw StoreError.corrupt("request \(row["id"] as Int64) state")
        }
        let service: String = row["service_code"]
        return StoredRequest(
            id: row["id"],
            user: UserID(rawValue: row["user_id"]),
            userEmail: row["email"],
            structure: try identifier(row, type: "s_type", value: "s_identifier"),
            request: HabilitationRequest(kind: kind, application: application, level: level, serviceCode: service.isEmpty ? nil : service, state: state),
            comment: row["comment"],
            createdAt: row["created_at"],
            decidedAt: row["decided_at"],
            decidedBy: row["decided_by"]
        )
    }
}
