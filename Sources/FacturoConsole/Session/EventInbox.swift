import FacturoClient
import FacturoWire
import Foundation

/// A server-pushed event as the console shows and matches it.
public struct ConsoleEvent: Sendable, Equatable {
    /// Short name scripts use: `notice`, later `invoice-received`, ...
    public var kind: String
    public var fields: [CommandOutput.Field]

    public subscript(field: String) -> String? {
        fields.first { $0.name == field }?.value
    }

    /// A local event, not the server's: the connection of a logged-in
    /// session ended (fields `code`, `reason`).
    public static let connectionLost = "connection-lost"

    /// The one-line form shown between prompts.
    public var line: String {
        "[\(kind)] " + fields.filter { $0.name != "sent_at" && !$0.value.isEmpty }.map(\.value).joined(separator: " · ")
    }

    /// Decodes the events of the catalogue; others keep their type number.
    public init(_ event: ServerEvent) {
        if let presentation = EventPresentation.presentation(for: event.type) {
            kind = presentation.descriptor.kind
            fields = presentation.fields(event.payload)
        } else {
            kind = "event-\(event.type.rawValue)"
            fields = []
        }
    }

    public init(kind: String, fields: [CommandOutput.Field]) {
        self.kind = kind
        self.fields = fields
    }
}

/// The events a session received and nobody consumed yet, for
/// `wait-event`. Bounded: the oldest are dropped past `capacity`.
public actor EventInbox {
    private var buffered: [ConsoleEvent] = []
    private var waiters: [(id: UInt64, matches: @Sendable (ConsoleEvent) -> Bool, continuation: CheckedContinuation<ConsoleEvent?, Never>)] = []
    private var nextWaiter: UInt64 = 0
    private let capacity: Int

    public init(capacity: Int = 1000) {
        self.capacity = capacity
    }

    public func deliver(_ event: ConsoleEvent) {
        if let index = waiters.firstIndex(where: { $0.matches(event) }) {
            waiters.remove(at: index).continuation.resume(returning: event)
            return
        }
        buffered.append(event)
        if buffered.count > capacity { buffered.removeFirst(buffered.count - capacity) }
    }

    /// The first buffered or future event that `matches`, or nil after `timeout`.
    public func next(matching matches: @escaping @Sendable (ConsoleEvent) -> Bool, timeout: Duration) async -> ConsoleEvent? {
        if let index = buffered.firstIndex(where: matches) {
            return buffered.remove(at: index)
        }
        let id = nextWaiter
        nextWaiter += 1
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.expire(id)
        }
        let event = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiters.append((id, matches, continuation))
            }
        } onCancel: {
            Task { await self.expire(id) }
        }
        timer.cancel()
        return event
    }

    private func expire(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: nil)
    }
}
