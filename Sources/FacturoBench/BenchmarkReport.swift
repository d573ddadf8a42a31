import Foundation

/// One measured figure, with the reference it is compared against when
/// there is one (measured in the same run: the machines are shared and
/// noisy, so only ratios within a run mean much).
public struct BenchmarkResult: Sendable {
    public var name: String
    public var value: Double
    public var unit: String
    public var reference: (name: String, value: Double)?
    public var detail: String

    public init(name: String, value: Double, unit: String, reference: (name: String, value: Double)? = nil, detail: String = "") {
        self.name = name
        self.value = value
        self.unit = unit
        self.reference = reference
        self.detail = detail
    }

    /// A Markdown table row: name | value | reference | ratio | detail.
    public var markdownRow: String {
        let ratio = reference.map { String(format: "%.2f×", value / max($0.value, .leastNonzeroMagnitude)) } ?? "—"
        let referenceText = reference.map { "\($0.name): \(Self.format($0.value)) \(unit)" } ?? "—"
        return "| \(name) | \(Self.format(value)) \(unit) | \(referenceText) | \(ratio) | \(detail) |"
    }

    static func format(_ value: Double) -> String {
        value >= 100 ? String(format: "%.0f", value) : String(format: "%.2f", value)
    }
}

/// Where and when the figures were taken, for the written record.
public enum MachineDescription {
    public static func current() -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        let memory = ProcessInfo.processInfo.physicalMemory / (1 << 30)
        let date = ISO8601DateFormatter().string(from: Date())
        return "\(date) · \(ProcessInfo.processInfo.activeProcessorCount) cores · \(memory) GiB · \(cpu)"
    }
}
