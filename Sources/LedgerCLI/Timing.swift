import Foundation

/// Phase timings on standard error when `IPLEDGER_TIMING=1`: a diagnostic for measuring
/// where a command spends its time and memory (`IPLEDGER_TIMING=1 ipledger status`).
struct Timing {
    private let context: CommandContext
    private let enabled: Bool
    private var last = Date()

    init(_ context: CommandContext) {
        self.context = context
        enabled = context.environment["IPLEDGER_TIMING"] == "1"
    }

    /// Notes the end of `phase`: the time since the previous note, and the process's resident
    /// memory now and at its peak so far.
    mutating func note(_ phase: String) {
        guard enabled else { return }
        let now = Date()
        let memory = Self.residentMegabytes()
        context.warn("timing: \(phase) \(String(format: "%.3f", now.timeIntervalSince(last))) s " +
            "(resident \(memory.now) MB, peak \(memory.peak) MB)")
        last = now
    }

    /// The CPU time the calling thread has used, in seconds.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The process's resident memory (VmRSS) and its peak so far (VmHWM), in MB; 0 where /proc does not say.
    static func residentMegabytes() -> (now: Int, peak: Int) {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        func megabytes(_ field: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
                  let kilobytes = Int(line.dropFirst(field.count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
            else { return 0 }
            return kilobytes / 1024
        }
        return (megabytes("VmRSS:"), megabytes("VmHWM:"))
    }
}
