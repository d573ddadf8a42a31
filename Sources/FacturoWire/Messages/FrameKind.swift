/// What a frame is for; the byte at offset 4 of every frame.
///
/// Requests flow from client to server; responses, errors and events flow
/// back. Keeping the kind in the fixed header (not in the payload) lets a
/// peer route a frame without decoding Protocol Buffers.
public enum FrameKind: UInt8, Sendable, CaseIterable {
    /// A client request; expects exactly one final response or error.
    case request = 1
    /// The successful final answer to a request with the same correlation id.
    case response = 2
    /// The failed final answer to a request, or, with correlation id 0, a
    /// connection-level error.
    case error = 3
    /// A server-pushed event, not tied to any request.
    case event = 4
}
