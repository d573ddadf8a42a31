import Foundation

/// CPU time (user + system) a local process has used, from `/proc/PID/stat`:
/// what a server costs per request, measured from outside.
public enum ProcessCPU {
    /// Seconds of CPU of `pid` so far, or nil when it cannot be read.
    public static func seconds(of pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name (which may hold spaces): state is
        // field 3, utime 14 and stime 15 (1-based, man 5 proc).
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
