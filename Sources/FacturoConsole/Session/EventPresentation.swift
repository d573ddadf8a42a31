import FacturoClient
import FacturoWire
import NIOCore

/// How the console shows and matches each event of the wire's catalogue:
/// the fields `wait-event` tests and captures. A test keeps this table and
/// `EventCatalogue` in step.
public struct EventPresentation: Sendable {
    public let descriptor: AnyEventDescriptor
    /// The field names, in display order (documented by `help wait-event`).
    public let fieldNames: [String]
    private let decode: @Sendable (ByteBuffer) -> [CommandOutput.Field]

    init<Payload>(_ event: EventDescriptor<Payload>, fields: [String], _ values: @escaping @Sendable (Payload) -> [String]) {
        descriptor = event.erased
        fieldNames = fields
        decode = { bytes in
            // An undecodable payload still shows as its kind, with empty fields.
            let payload = (try? bytes.decodeMessage(Payload.self, of: event.messageType)) ?? Payload()
            return zip(fields, values(payload)).map { CommandOutput.Field($0, $1) }
        }
    }

    func fields(_ payload: ByteBuffer) -> [CommandOutput.Field] { decode(payload) }

    public static let all: [EventPresentation] = [
        EventPresentation(EventCatalogue.notice, fields: ["text", "sent_at"]) { notice in
            [notice.text, Timestamps.iso8601(unixMilliseconds: notice.sentAtUnixMs)]
        },
        EventPresentation(EventCatalogue.requestDecided, fields: ["id", "state", "structure", "application", "level", "by", "comment"]) { decided in
            let request = decided.request
            return [String(request.id), request.state, request.structure, request.application, request.level, request.decidedBy, request.decisionComment]
        },
        EventPresentation(EventCatalogue.requestPending, fields: ["id", "structure", "email", "application", "level"]) { pending in
            [String(pending.id), pending.structure, pending.email, pending.application, pending.level]
        },
        EventPresentation(EventCatalogue.flowIntegrated, fields: ["id", "status", "integrated", "rejected", "supplier", "name"]) { flow in
            [flow.id, flow.status, String(flow.integrated), String(flow.rejected), flow.supplier, flow.name]
        },
        EventPresentation(EventCatalogue.invoiceReceived, fields: ["id", "number", "supplier", "recipient", "service", "amount_due"]) { received in
            [received.id, received.number, received.supplier, received.recipient, received.service, received.amountDue]
        },
        EventPresentation(EventCatalogue.invoiceStatus, fields: ["id", "number", "status", "previous", "reason", "by"]) { change in
            [change.id, change.number, change.status, change.previous, change.reason, change.by]
        },
    ]

    public static func presentation(for type: MessageType) -> EventPresentation? {
        all.first { $0.descriptor.messageType == type }
    }

    /// The kinds `wait-event` accepts, in catalogue order, then the
    /// console's own.
    public static var kinds: [String] { all.map(\.descriptor.kind) + [ConsoleEvent.connectionLost] }
}
