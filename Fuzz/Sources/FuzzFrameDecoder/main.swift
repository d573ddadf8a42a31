import FacturoWire
import NIOCore

/// Any byte stream: the decoder returns frames, asks for more, or throws a
/// coded `FrameCodecError` — never crashes, never buffers past the maximum.
/// Every frame it returns encodes back to the bytes it came from.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrameDecoder(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    var buffer = ByteBuffer(bytes: bytes)
    let maximum = 4096
    while true {
        let before = buffer.readerIndex
        let frame: Frame?
        do {
            frame = try FrameDecoder.next(from: &buffer, maximumLength: maximum)
        } catch {
            precondition(buffer.readerIndex == before, "a failed decode consumed bytes")
            return 0
        }
        guard let frame else {
            precondition(buffer.readerIndex == before, "an incomplete frame consumed bytes")
            return 0
        }
        var encoded = ByteBuffer()
        try! FrameEncoder.write(frame, to: &encoded, maximumLength: maximum)
        precondition(encoded.readableBytesView.elementsEqual(bytes[before..<buffer.readerIndex]), "re-encoding differs")
    }
}
