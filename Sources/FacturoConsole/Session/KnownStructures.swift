import Synchronization

/// The structures of the user last logged in at this console, for Tab
/// (completion runs on readline's thread, synchronously, and cannot ask the
/// server). Filled at login from "Mes habilitations", emptied at logout.
public final class KnownStructures: Sendable {
    public static let shared = KnownStructures()

    private let known = Mutex<[String]>([])

    public var identifiers: [String] { known.withLock { $0 } }

    public func replace(with identifiers: [String]) {
        known.withLock { $0 = identifiers }
    }
}
