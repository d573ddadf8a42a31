import NIOConcurrencyHelpers
import NIOCore

/// The open connections, so that a graceful shutdown can reach each one.
/// A connection registered after draining began is drained at once.
final class ConnectionRegistry: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var drainNotice: String?
    }

    private let state = NIOLockedValueBox(State())

    func register(_ channel: any Channel) {
        let notice: String? = state.withLockedValue { state in
            state.channels[ObjectIdentifier(channel)] = channel
            return state.drainNotice
        }
        if let notice { Self.drain(channel, notice: notice) }
    }

    func deregister(_ channel: any Channel) {
        state.withLockedValue { _ = $0.channels.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    var count: Int { state.withLockedValue { $0.channels.count } }

    func drainAll(notice: String) {
        let channels = state.withLockedValue { state in
            state.drainNotice = notice
            return Array(state.channels.values)
        }
        for channel in channels { Self.drain(channel, notice: notice) }
    }

    private static func drain(_ channel: any Channel, notice: String) {
        channel.pipeline.fireUserInboundEventTriggered(DrainConnectionEvent(notice: notice))
    }
}
