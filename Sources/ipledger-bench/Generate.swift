import Foundation
import IPProtection
import LedgerCLI
import LedgerCore
import LedgerScenarios
import LedgerStore

/// Writes a realistic, valid ledger of about `events` events: the demo's registry and
/// calendars, then seeded routine lifecycles (reports, cases, penalties, transfers)
/// recorded through the full validation path in batches of 10,000.
enum Generate {
    struct Result {
        var events: Int
        var seconds: Double
        var bytes: Int
    }

    /// Fewer events per lifecycle than the mix's average (about 8), so that the lifecycles
    /// never run out before `events`; the last ones are cut off where the count is reached.
    static let eventsPerLifecycle = 6.0

    static func ledger(events target: Int, in directory: String, seed: UInt64 = 1, progress: (Int) -> Void = { _ in }) throws -> Result {
        let ledger = try FileLedger.create(directory: directory)
        let writer = LedgerWriter(ledger: ledger)
        let calendar = DemoScenario.embeddedCalendarYears
        let registry = ActionBuilder.registry(opened: ActionBuilder.local(2022, 10, 9), calendarYears: calendar)
        let lifecycles = max(1, Int(Double(max(0, target - registry.count)) / eventsPerLifecycle))
        // Spread over the years up to now, so no act is dated in the future.
        let start = ActionBuilder.local(2022, 10, 10)
        let now = Timestamp.now()
        let span = max(3600, (now.seconds - start.seconds) - 200 * 86_400)
        let spacing = max(1, span / Int64(lifecycles))
        var routine = RoutineCases(seed: seed, start: start, lifecycles: lifecycles, spacing: spacing)
        var written = 0
        let begin = DispatchTime.now()
        var batch = registry
        func flush() throws {
            guard !batch.isEmpty else { return }
            let actions = try batch.map { try Action(json: $0) }
            written += try writer.record(actions, now: now).count
            batch.removeAll(keepingCapacity: true)
            progress(written)
        }
        while written + batch.count < target, let action = routine.next() {
            batch.append(action)
            if batch.count == 10_000 { try flush() }
        }
        try flush()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - begin.uptimeNanoseconds) / 1e9
        return Result(events: written, seconds: seconds, bytes: try ledger.logSize())
    }
}
