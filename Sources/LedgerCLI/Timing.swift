import Foundation

/// Phase timings on standard error when `IPLEDGER_TIMING=1`: a diagnostic for measuring
/// where a command spends its time (`IPLEDGER_TIMING=1 ipledger status`).
struct Timing {
    private let context: CommandContext
    private let enabled: Bool
    private var last = Date()

    init(_ context: CommandContext) {
        self.context = context
        enabled = context.environment["IPLEDGER_TIMING"] == "1"
    }

    /// Notes the end of `phase`: the time since the previous note.
    mutating func note(_ phase: String) {
        guard enabled else { return }
        let now = Date()
        context.warn("timing: \(phase) \(String(format: "%.3f", now.timeIntervalSince(last))) s")
        last = now
    }
}
