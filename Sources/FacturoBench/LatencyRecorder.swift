import Histogram

/// Latencies in microseconds, in an HdrHistogram (constant memory, exact
/// enough percentiles however many samples).
public struct LatencyRecorder: Sendable {
    private var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)

    public init() {}

    public mutating func record(_ duration: Duration) {
        let micros = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        _ = histogram.record(UInt64(max(1, micros)))
    }

    public func percentile(_ p: Double) -> UInt64 { histogram.valueAtPercentile(p) }

    public var count: UInt64 { histogram.totalCount }

    public var maximum: UInt64 { histogram.max }

    /// Adds another recorder's samples (one recorder per task, merged at the end).
    public mutating func merge(_ other: LatencyRecorder) {
        histogram.add(other.histogram)
    }

    /// `p50 120 µs · p99 900 µs · max 2 ms` style summary.
    public var summary: String {
        "p50 \(percentile(50)) µs · p99 \(percentile(99)) µs · p99.9 \(percentile(99.9)) µs"
    }
}
