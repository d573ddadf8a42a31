import FacturoWire
import Testing

@Suite struct ProtocolVersionTests {
    @Test("picks the highest common version", arguments: [
        (UInt32(1), UInt32(1), UInt32?(1)),
        (1, 5, 3),
        (2, 9, 3),
        (4, 9, nil),
        (0, 0, nil),
        (3, 1, nil),
    ])
    func negotiation(min: UInt32, max: UInt32, expected: UInt32?) {
        #expect(ProtocolVersion.negotiate(offeredMin: min, offeredMax: max, supported: 1...3) == expected)
    }
}
