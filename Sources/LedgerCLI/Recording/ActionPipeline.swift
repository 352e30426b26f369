import Foundation
import IPProtection

/// The actions of a `record`, read from JSON lines on another thread while the ones
/// already read are decided and staged: parsing and checking an act costs about as much
/// as deciding and appending it, and the two then share the machine's cores.
///
/// `action(at:)` waits until the line is read, and hands the action over (once: it is not
/// kept, so not copied). Lines are read in order, and reading stops at the first that
/// fails: that failure is what `action(at:)` throws for it and every later one, and what
/// `finish()` throws.
final class ActionPipeline {
    /// How many actions there are (lines that are not blank).
    let count: Int
    private let lineNumbers: [Int]
    private let condition = NSCondition()
    /// Read so far, in order (`nil`: handed over); `failure` stops the reading.
    private var read: [Action?] = []
    private var failure: Error?
    private var finished = false

    /// Actions already read.
    init(_ actions: [(line: Int, action: Action)]) {
        count = actions.count
        lineNumbers = actions.map(\.line)
        read = actions.map(\.action)
        finished = true
    }

    /// A single action (one JSON text).
    convenience init(_ action: Action) {
        self.init([(1, action)])
    }

    /// Starts reading `lines` of `bytes` on a thread of its own.
    init(bytes: [UInt8], lines: [(number: Int, range: Range<Int>)], source: String) {
        count = lines.count
        lineNumbers = lines.map(\.number)
        read.reserveCapacity(lines.count)
        let thread = Thread { [self] in
            var ready: [Action?] = []
            var failed: Error?
            bytes.withUnsafeBytes { raw in
                for (i, line) in lines.enumerated() {
                    do {
                        ready.append(try ActionInput.action(inLine: UnsafeRawBufferPointer(rebasing: raw[line.range]),
                                                            number: line.number, source: source))
                    } catch {
                        failed = error
                    }
                    // Handed over in small groups: a lock per action would cost more than it saves.
                    if failed != nil || ready.count == 32 || i == lines.count - 1 {
                        condition.lock()
                        read += ready
                        failure = failed
                        if failed != nil || i == lines.count - 1 { finished = true }
                        condition.broadcast()
                        condition.unlock()
                        ready.removeAll(keepingCapacity: true)
                        if failed != nil { return }
                    }
                }
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The line number of action `index`.
    func line(_ index: Int) -> Int { lineNumbers[index] }

    /// Action `index` (0-based), once read, handed over: each is asked for once. The failure
    /// of the first line that did not read, for it and every later one.
    func action(at index: Int) throws -> Action {
        condition.lock()
        defer { condition.unlock() }
        while index >= read.count && !finished { condition.wait() }
        if index < read.count {
            guard let action = read[index].take() else { preconditionFailure("action \(index) was handed over before") }
            return action
        }
        throw failure!
    }

    /// Waits until every line is read; throws the failure of the first that did not read.
    func finish() throws {
        condition.lock()
        defer { condition.unlock() }
        while !finished { condition.wait() }
        if let failure { throw failure }
    }
}
