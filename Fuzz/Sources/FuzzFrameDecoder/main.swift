import FacturoWire
import NIOCore
import NIOEmbedded

/// Any byte stream: the decoder returns frames, asks for more, or throws a
/// coded `FrameCodecError` — never crashes, never buffers past the maximum.
/// Every frame it returns encodes back to the bytes it came from.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrameDecoder(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    pureDecoding(bytes)
    // A channel per input costs ten times the pure decoding: one input in
    // eight (its first byte a multiple of 8) also goes through one.
    if let first = bytes.first, first % 8 == 0 { channelDecoding(bytes) }
    return 0
}

/// The decoder as the server runs it: in a channel, the input cut into
/// reads at every 0xFF byte, its partial frames reserved from a shared
/// budget, which is whole again once the channel is gone.
func channelDecoding(_ bytes: UnsafeRawBufferPointer) {
    let budget = InboundByteBudget(capacity: 8_192)
    let channel = EmbeddedChannel()
    do {
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(limit: FrameLengthLimit(4_096), budget: budget)))
        for chunk in bytes.split(separator: 0xFF, omittingEmptySubsequences: false) {
            try channel.writeInbound(ByteBuffer(bytes: chunk))
            while try channel.readInbound(as: Frame.self) != nil {}
            precondition(budget.reserved <= budget.capacity, "the budget was exceeded")
        }
    } catch {
        // A coded framing error: the connection would close here.
    }
    _ = try? channel.finish()
    precondition(budget.reserved == 0, "\(budget.reserved) bytes still reserved after the channel closed")
}

func pureDecoding(_ bytes: UnsafeRawBufferPointer) {
    var buffer = ByteBuffer(bytes: bytes)
    let maximum = 4096
    while true {
        let before = buffer.readerIndex
        let frame: Frame?
        do {
            frame = try FrameDecoder.next(from: &buffer, maximumLength: maximum)
        } catch {
            precondition(buffer.readerIndex == before, "a failed decode consumed bytes")
            return
        }
        guard let frame else {
            precondition(buffer.readerIndex == before, "an incomplete frame consumed bytes")
            return
        }
        var encoded = ByteBuffer()
        try! FrameEncoder.write(frame, to: &encoded, maximumLength: maximum)
        precondition(encoded.readableBytesView.elementsEqual(bytes[before..<buffer.readerIndex]), "re-encoding differs")
    }
}
