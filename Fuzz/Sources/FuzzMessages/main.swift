import FacturoWire
import NIOCore
import SwiftProtobuf

/// The first byte picks a request payload type of the catalogue (and the
/// error body, which clients decode); the rest is decoded as that message.
/// Decoding either fails with `PROTOCOL_UNDECODABLE_PAYLOAD` or gives a
/// message that encodes and decodes to itself.
/// A static, not a top-level `let`: libFuzzer provides `main`, so this
/// file's top-level code never runs; statics initialise on first use.
enum Decoders {
    static let all: [@Sendable (ByteBuffer) -> Void] = [
    roundTrip(Facturo_V1_HandshakeRequest.self), roundTrip(Facturo_V1_PingRequest.self),
    roundTrip(Facturo_V1_LoginRequest.self), roundTrip(Facturo_V1_CancelRequest.self),
    roundTrip(Facturo_V1_ErrorBody.self), roundTrip(Facturo_V1_HandshakeResponse.self),
    roundTrip(Facturo_V1_DirectorySearchRequest.self), roundTrip(Facturo_V1_StructureCreateRequest.self),
    roundTrip(Facturo_V1_StructureUpdateRequest.self), roundTrip(Facturo_V1_DirectoryImportRequest.self),
    roundTrip(Facturo_V1_UserCreateRequest.self), roundTrip(Facturo_V1_AttachRequest.self),
    roundTrip(Facturo_V1_HabilitationChangeRequest.self), roundTrip(Facturo_V1_HabilitationRequestCreateRequest.self),
    roundTrip(Facturo_V1_HabilitationRequestDecideRequest.self), roundTrip(Facturo_V1_TechnicalAccountCreateRequest.self),
    roundTrip(Facturo_V1_AuditListRequest.self), roundTrip(Facturo_V1_NoticeEvent.self),
    ]
}

func roundTrip<M: SwiftProtobuf.Message>(_: M.Type) -> @Sendable (ByteBuffer) -> Void {
    { payload in
        guard let message = try? payload.decodeMessage(M.self, of: MessageType(rawValue: 0)) else { return }
        let again = try! ByteBuffer(message: message).decodeMessage(M.self, of: MessageType(rawValue: 0))
        precondition(again.isEqualTo(message: message), "\(M.self) does not survive a round trip")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMessages(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let decoder = Decoders.all[Int(bytes[0]) % Decoders.all.count]
    decoder(ByteBuffer(bytes: bytes.dropFirst()))
    return 0
}
