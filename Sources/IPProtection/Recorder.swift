import LedgerCore

/// Decides actions against a ledger and keeps the folded state it needs, stream by stream.
///
/// The recorder reads the registry and each stream it needs through `source` the first
/// time it needs it, and afterwards only evolves what it has: the store calls
/// `apply(_:)` with every record it appends or stages, so a batch of many actions reads
/// each stream once.
///
/// ```swift
/// let recorder = Recorder(source: transaction)
/// for action in actions {
///     let draft = try recorder.decide(action, now: now)
///     let outcome = try transaction.stage(draft, expectedVersion: action.expectedVersion)
///     recorder.apply(outcome.record)
/// }
/// ```
/// Throws from `source` (I/O) are passed on as they are; everything the domain refuses
/// is a `Refusal`. After a batch is abandoned, `rollback(to:)` a `savepoint()` taken
/// before it (or discard the recorder): its cache holds the staged records.
public final class Recorder {
    private let source: StreamSource
    /// What the recorder has folded so far (the streams it has needed, not the whole ledger).
    public private(set) var state = DomainState()
    private var loaded: Set<String> = [] {
        didSet { lastLoaded = nil }
    }
    /// The stream last found in `loaded`: deciding and applying one action asks about its
    /// stream three times, and the same string compares equal without hashing or reading it.
    private var lastLoaded: String?
    /// Whether `loaded` holds the registry (checked before every decision).
    private var registryLoaded = false

    public init(source: StreamSource) {
        self.source = source
    }

    /// Decides one action: the draft to append, or a refusal.
    ///
    /// - Parameter now: the present, for refusing acts dated in the future.
    /// - Returns: the event to append; its `id` is the action's.
    /// - Throws: `Refusal` (nothing may be written), or the source's own error when reading fails.
    public func decide(_ action: Action, now: Timestamp) throws -> EventDraft {
        if !registryLoaded { try ensureLoaded("registry") }
        if let id = action.id, let existing = try source.record(withID: id) {
            let draft = action.draft
            guard draft.sameContent(as: existing) else {
                throw Refusal(.idConflict, "The id \(Action.quote(id)) is already used by event seq \(existing.seq) for a different " +
                    "act; ids are unique.", member: "id")
            }
            return draft
        }
        try ensureLoaded(action.stream)
        return try Decision.decide(action, now: now, registry: state.registry,
                                   version: Recorder.version(of: action.stream, in: &state), reader: self)
    }

    /// The version `stream` has reached in `state`, read in place (through the stored
    /// property, the getter would be called on a copy of the whole state).
    private static func version(of stream: String, in state: inout DomainState) -> Int {
        state.versions[stream] ?? 0
    }

    /// Evolves the cached state with a record the store appended or staged.
    ///
    /// A record of a stream the recorder has not read is left for the read that will
    /// need it (the source has it); a record already folded is ignored; a gap makes the
    /// recorder read the stream again.
    public func apply(_ record: LedgerRecord) {
        guard isLoaded(record.stream) else { return }
        let folded = Recorder.version(of: record.stream, in: &state)
        if record.version <= folded { return }
        if record.version == folded + 1 {
            state.evolve(record)
        } else {
            loaded.remove(record.stream)
            if record.stream == "registry" { registryLoaded = false }
            state.forget(stream: record.stream)
        }
    }

    /// The `LedgerOpened` event of a new ledger (`ipledger init`), checked without a store.
    ///
    /// Its actor is the admin and host agency its payload declares.
    /// - Throws: `Refusal` when `action` is not a valid `LedgerOpened` in the `registry` stream.
    public static func genesis(_ action: Action, now: Timestamp) throws -> EventDraft {
        guard action.type == "LedgerOpened" else {
            throw Refusal(.unknownType, "A ledger begins with LedgerOpened, not \(action.type).", member: "type")
        }
        return try DomainState().decide(action, now: now)
    }

    /// A copy of the cached state to return to if a batch is abandoned.
    public struct Savepoint: Sendable {
        fileprivate let state: DomainState
        fileprivate let loaded: Set<String>
    }

    /// The cached state as it is now, to return to with `rollback(to:)`.
    public func savepoint() -> Savepoint { Savepoint(state: state, loaded: loaded) }

    /// Returns the cache to `savepoint`, forgetting what was applied since (an abandoned batch).
    public func rollback(to savepoint: Savepoint) {
        state = savepoint.state
        loaded = savepoint.loaded
        registryLoaded = loaded.contains("registry")
    }

    /// Whether `stream` is folded in `state`.
    private func isLoaded(_ stream: String) -> Bool {
        if let last = lastLoaded, last == stream { return true }
        guard loaded.contains(stream) else { return false }
        lastLoaded = stream
        return true
    }

    /// Reads `stream` through the source and folds it, once.
    ///
    /// The state holds nothing of a stream that is not loaded: `apply` forgets a stream as
    /// it lets it go, `rollback` returns to a state that matched its `loaded`, and a read that
    /// fails is forgotten here. So a stream is folded from scratch without `forget` first,
    /// which costs a pass over every case's links when many streams are loaded.
    private func ensureLoaded(_ stream: String) throws {
        if let last = lastLoaded, last == stream { return }
        if stream != "registry" && !registryLoaded { try ensureLoaded("registry") }
        // Marked first (one lookup, whether the stream is new or not), unmarked if the read fails.
        guard loaded.insert(stream).inserted else {
            lastLoaded = stream
            return
        }
        do {
            for record in try source.records(inStream: stream) { state.evolve(record) }
        } catch {
            loaded.remove(stream)
            state.forget(stream: stream)
            throw error
        }
        lastLoaded = stream  // what the decision asks about next
        if stream == "registry" { registryLoaded = true }
    }
}

extension Recorder: DomainReader {
    func report(_ name: String) throws -> ReportState? {
        try ensureLoaded(name)
        return state.reports[name]
    }

    func caseState(_ name: String) throws -> CaseState? {
        try ensureLoaded(name)
        return state.cases[name]
    }

    func supervision(_ name: String) throws -> SupervisionState? {
        try ensureLoaded(name)
        return state.supervisions[name]
    }

    func mediation(_ name: String) throws -> MediationState? {
        try ensureLoaded(name)
        return state.mediations[name]
    }

    func jointAction(_ name: String) throws -> JointActionState? {
        try ensureLoaded(name)
        return state.actions[name]
    }

    func meeting(_ name: String) throws -> MeetingState? {
        try ensureLoaded(name)
        return state.meetings[name]
    }

    func service(_ name: String) throws -> ServiceState? {
        try ensureLoaded(name)
        return state.services[name]
    }

    func publication(_ name: String) throws -> PublicationState? {
        try ensureLoaded(name)
        return state.publications[name]
    }

    func streamVersion(_ name: String) throws -> Int {
        try ensureLoaded(name)
        return state.versions[name] ?? 0
    }
}
