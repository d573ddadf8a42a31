import FacturoDomain

/// The code of the `DomainError` that `body` throws, nil if it succeeds:
/// rules are checked by their stable codes, not by their messages.
func domainErrorCode(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as DomainError {
        return error.code.rawValue
    } catch {
        return "unexpected \(error)"
    }
}
