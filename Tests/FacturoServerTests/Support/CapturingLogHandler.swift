import Logging
import NIOConcurrencyHelpers

/// Keeps every log event it receives, for assertions on what the server
/// logs (and how).
struct CapturingLogHandler: LogHandler {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    final class Box: Sendable {
        private let value = NIOLockedValueBox<[Entry]>([])
        var entries: [Entry] { value.withLockedValue { $0 } }
        func append(_ entry: Entry) { value.withLockedValue { $0.append(entry) } }
    }

    let box: Box
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(box: Box) { self.box = box }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        box.append(Entry(level: event.level, message: event.message.description, metadata: all.mapValues(\.description)))
    }
}
