import FacturoWire
import NIOCore

/// Frame encoding and decoding throughput, against copying the same bytes
/// (the floor any codec pays).
public enum CodecBenchmark {
    public static func run(frames count: Int, payloadBytes: Int) throws -> BenchmarkResult {
        let payload = ByteBuffer(repeating: 0x42, count: payloadBytes)
        let frame = Frame(kind: .request, messageType: SessionCatalogue.ping.messageType, correlationID: 7, payload: payload)
        let clock = ContinuousClock()

        // Reference: copy the same number of bytes into a buffer and read them back.
        var sink = 0
        let copyTime = clock.measure {
            var buffer = ByteBuffer()
            buffer.reserveCapacity(count * (payloadBytes + Frame.headerSize))
            var chunk = ByteBuffer(repeating: 0x42, count: payloadBytes + Frame.headerSize)
            for _ in 0..<count {
                buffer.writeBuffer(&chunk)
                chunk.moveReaderIndex(to: 0)
            }
            while let slice = buffer.readSlice(length: payloadBytes + Frame.headerSize) { sink &+= slice.readableBytes }
        }

        var decoded = 0
        let codecTime = try clock.measure {
            var buffer = ByteBuffer()
            buffer.reserveCapacity(count * (payloadBytes + Frame.headerSize))
            for _ in 0..<count { try FrameEncoder.write(frame, to: &buffer) }
            while let next = try FrameDecoder.next(from: &buffer) { decoded &+= next.payload.readableBytes }
        }
        precondition(decoded == count * payloadBytes && sink > 0)

        let rate = Double(count) / seconds(codecTime)
        let reference = Double(count) / seconds(copyTime)
        return BenchmarkResult(
            name: "frame encode+decode (\(payloadBytes) B payload)", value: rate, unit: "frames/s",
            reference: ("byte copy", reference), detail: "\(count) frames"
        )
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
