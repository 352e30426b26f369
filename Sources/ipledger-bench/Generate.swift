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
        var written = 0
        let begin = DispatchTime.now()
        // The acts are made and checked on another thread, a batch ahead of the one being
        // recorded (as `ipledger record` reads its lines): the same acts in the same order.
        let batches = Handoff<[Action]>()
        let maker = Thread {
            var routine = RoutineCases(seed: seed, start: start, lifecycles: lifecycles, spacing: spacing)
            var batch = registry
            var made = 0
            func hand() -> Bool {
                guard !batch.isEmpty else { return true }
                do {
                    batches.put(.success(try batch.map { try Action(json: $0) }))
                } catch {
                    batches.put(.failure(error))
                    return false
                }
                made += batch.count
                batch.removeAll(keepingCapacity: true)
                return true
            }
            while made + batch.count < target, let action = routine.next() {
                batch.append(action)
                if batch.count == 10_000 && !hand() { return }
            }
            if hand() { batches.finish() }
        }
        maker.stackSize = 8 << 20
        maker.start()
        while let actions = try batches.take() {
            written += try writer.record(actions, now: now).count
            progress(written)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - begin.uptimeNanoseconds) / 1e9
        return Result(events: written, seconds: seconds, bytes: try ledger.logSize())
    }
}

/// One batch handed from a thread that makes them to one that uses them, at most one
/// waiting: the maker stays a batch ahead.
final class Handoff<T> {
    private let condition = NSCondition()
    private var waiting: Result<T, Error>?
    private var finished = false

    /// Waits until the last batch was taken, then hands over this one.
    func put(_ item: Result<T, Error>) {
        condition.lock()
        while waiting != nil { condition.wait() }
        waiting = item
        condition.broadcast()
        condition.unlock()
    }

    /// No more batches will come.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch (or its maker's error); `nil` once there are no more.
    func take() throws -> T? {
        condition.lock()
        defer { condition.unlock() }
        while waiting == nil && !finished { condition.wait() }
        guard let item = waiting else { return nil }
        waiting = nil
        condition.broadcast()
        return try item.get()
    }
}
