import IPProtection
import LedgerCore
import LedgerStore

/// Records actions into a ledger: the domain's decision and the store's durable append,
/// all or nothing, under the ledger's lock.
///
/// A writer that lives for many appends keeps the recorder's folded state between them,
/// as long as nobody else appended meanwhile (it checks the log's head under the lock);
/// so a long-lived writer pays for reading the registry once, not on every append.
public final class LedgerWriter {
    public let ledger: FileLedger
    public var lockTimeout: Double
    /// The clock for `recorded`.
    public var clock: () -> Timestamp
    /// Where recovery warnings go.
    public var warn: (String) -> Void

    private let source = ForwardingSource()
    private var recorder: Recorder
    /// The head after this writer's last append; `nil` before the first.
    private var knownHead: SHA256.Digest?
    /// The actions of the last `record`, kept until the next: freeing ten thousand of them
    /// is left to whoever ends the writer (`record` hands each over as its last use, not a copy).
    private var spent: [Action] = []

    public init(ledger: FileLedger, lockTimeout: Double = 10, clock: @escaping () -> Timestamp = Timestamp.now,
                warn: @escaping (String) -> Void = { _ in }) {
        self.ledger = ledger
        self.lockTimeout = lockTimeout
        self.clock = clock
        self.warn = warn
        recorder = Recorder(source: source)
    }

    /// A refusal of one action of a batch: which (0-based) and why.
    public struct Failure: Error {
        public let index: Int
        public let underlying: Error
    }

    /// Decides and appends `actions`, all or nothing.
    ///
    /// - Parameters:
    ///   - now: the present for the domain's checks (acts dated in the future are refused).
    ///   - expectedVersion: for a single action, the version its stream must be at.
    /// - Returns: what each action came to: a new event, or the one already stored under its id.
    /// - Throws: `Failure` naming the action that was refused (a `Refusal` or a `StoreError`
    ///   conflict inside); other `StoreError`s as they are. Nothing is written in any case.
    public func record(_ actions: [Action], now: Timestamp, expectedVersion: Int? = nil) throws -> [AppendOutcome] {
        try record(count: actions.count, { actions[$0] }, now: now, expectedVersion: expectedVersion)
    }

    /// Decides and appends `count` actions, all or nothing, taking each from `action` in
    /// order when its turn comes (a reader may still be reading the later ones).
    ///
    /// Errors `action` throws end the append as they are (nothing is written).
    public func record(count: Int, _ action: (Int) throws -> Action, now: Timestamp,
                       expectedVersion: Int? = nil) throws -> [AppendOutcome] {
        // Until this append succeeds, the recorder's cache may hold what it abandons.
        let startHead = knownHead
        knownHead = nil
        spent = []
        spent.reserveCapacity(count)
        var endHead: SHA256.Digest?
        let outcomes = try ledger.append(lockTimeout: lockTimeout, now: clock, warn: warn) { tx in
            source.target = tx
            defer { source.target = nil }
            if startHead != tx.committedHead { recorder = Recorder(source: source) }
            tx.reserveCapacity(events: count)
            for i in 0..<count {
                let action = try action(i)
                do {
                    let draft = try recorder.decide(action, now: now)
                    try tx.stage(draft, expectedVersion: expectedVersion ?? action.expectedVersion) { recorder.apply($0) }
                    spent.append(action)
                } catch let error as Refusal {
                    throw Failure(index: i, underlying: error)
                } catch let error as StoreError {
                    switch error {
                    case .versionConflict, .idConflict, .idKeyTaken: throw Failure(index: i, underlying: error)
                    default: throw error
                    }
                }
            }
            endHead = tx.head
        }
        // No savepoint to roll back to: a refused batch leaves `knownHead` nil, and the next
        // append starts a fresh recorder (a savepoint would copy the whole cache on every append).
        knownHead = endHead
        return outcomes
    }
}

/// A `StreamSource` that forwards to the transaction in progress.
private final class ForwardingSource: StreamSource {
    var target: StreamSource?

    func records(inStream stream: String) throws -> [LedgerRecord] {
        guard let target else { preconditionFailure("the recorder reads only inside an append") }
        return try target.records(inStream: stream)
    }

    func record(withID id: String) throws -> LedgerRecord? {
        guard let target else { preconditionFailure("the recorder reads only inside an append") }
        return try target.record(withID: id)
    }
}
