/// What the platform accepts as a new password.
///
/// Length over composition rules, as current guidance (ANSSI, NIST 800-63B)
/// recommends: at least 12 characters, at most 256 so the KDF input stays
/// bounded.
public enum PasswordPolicy {
    public static let minimumLength = 12
    public static let maximumLength = 256

    public static func validate(_ password: String) throws(DomainError) {
        guard password.count >= minimumLength else {
            throw DomainError(.weakPassword, "le mot de passe doit contenir au moins \(minimumLength) caractères")
        }
        guard password.count <= maximumLength else {
            throw DomainError(.weakPassword, "le mot de passe ne peut dépasser \(maximumLength) caractères")
        }
    }
}
