/// What a running command may use: the server session, the registry (for
/// help), the way to read a password, and the script's variables (read only).
public struct CommandContext: Sendable {
    public var session: ConsoleSession
    public var registry: CommandRegistry
    public var passwords: PasswordSource
    public var variables: Variables

    public init(session: ConsoleSession, registry: CommandRegistry, passwords: PasswordSource, variables: Variables = Variables()) {
        self.session = session
        self.registry = registry
        self.passwords = passwords
        self.variables = variables
    }
}

/// Where `login` gets a password: never from the command line (it would
/// land in the history and in `ps`), but from the environment in scripts
/// or from the terminal without echo.
public struct PasswordSource: Sendable {
    public var read: @Sendable (_ prompt: String) throws -> String

    public init(read: @escaping @Sendable (_ prompt: String) throws -> String) {
        self.read = read
    }

    /// `FACTURO_PASSWORD` if set, else a no-echo prompt on a terminal.
    public static func standard(environment: [String: String]) -> PasswordSource {
        PasswordSource { prompt in
            if let password = environment["FACTURO_PASSWORD"] { return password }
            guard Terminal.isInteractive else {
                throw ConsoleError.usage("aucun mot de passe : définissez FACTURO_PASSWORD (pas de terminal où le demander)")
            }
            guard let password = Terminal.readSecret(prompt: prompt) else {
                throw ConsoleError.usage("aucun mot de passe saisi")
            }
            return password
        }
    }
}
