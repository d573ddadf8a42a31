/// Protocol version negotiation, kept pure so both peers share one rule.
public enum ProtocolVersion {
    /// The versions this build speaks. Version 1 is the first and only one.
    public static let supported: ClosedRange<UInt32> = 1...1

    /// The highest version both sides speak, or nil when the ranges do not
    /// overlap (or the offer is inverted, which no honest client sends).
    public static func negotiate(offeredMin: UInt32, offeredMax: UInt32, supported: ClosedRange<UInt32> = supported) -> UInt32? {
        guard offeredMin <= offeredMax else { return nil }
        let high = min(offeredMax, supported.upperBound)
        let low = max(offeredMin, supported.lowerBound)
        return low <= high ? high : nil
    }
}
