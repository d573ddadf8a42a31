import FacturoDomain

/// Where a structured file's refusals come from, for messages: the
/// error codes themselves are the domain's (`DomainError.Code.invalidXML`…).
public enum StructuredSyntax: String, Sendable, CaseIterable, Equatable {
    case ubl
    case cii

    /// As users name them (`--format ubl|cii`).
    public var label: String {
        switch self {
        case .ubl: "UBL 2.1"
        case .cii: "CII D16B"
        }
    }
}
