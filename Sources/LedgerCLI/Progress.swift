import Foundation

/// Progress for long work, drawn on standard error only when it is a terminal and
/// only once the work has taken more than about two seconds (CLI.md).
final class Progress {
    private let context: CommandContext
    private let label: String
    private let start = Date()
    private var lastDrawn = Date.distantPast
    private var drew = false

    init(_ context: CommandContext, label: String) {
        self.context = context
        self.label = label
    }

    /// Reports `done` of `total` (bytes, events ...); cheap to call often.
    func update(_ done: Int, of total: Int) {
        guard context.standardErrorIsTerminal else { return }
        let now = Date()
        guard now.timeIntervalSince(start) > 2, now.timeIntervalSince(lastDrawn) > 0.2 else { return }
        lastDrawn = now
        drew = true
        let percent = total > 0 ? min(100, done * 100 / total) : 0
        context.standardError.write("\r\(label) \(percent)%\u{1b}[K")
    }

    /// Clears the progress line, if one was drawn.
    func finish() {
        if drew { context.standardError.write("\r\u{1b}[K") }
    }
}
