import LedgerCore

/// Read access to other streams while deciding: the recorder loads them on demand, a
/// replayed `DomainState` answers from memory.
protocol DomainReader: AnyObject {
    func report(_ name: String) throws -> ReportState?
    func caseState(_ name: String) throws -> CaseState?
    func supervision(_ name: String) throws -> SupervisionState?
    func mediation(_ name: String) throws -> MediationState?
    func jointAction(_ name: String) throws -> JointActionState?
    func meeting(_ name: String) throws -> MeetingState?
    func service(_ name: String) throws -> ServiceState?
    func publication(_ name: String) throws -> PublicationState?
    /// The number of events in any stream, of any kind (0: it does not exist).
    func streamVersion(_ name: String) throws -> Int
}

/// What a decider may consult besides its own stream's state.
struct DecisionContext {
    let registry: RegistryState
    let now: Timestamp
    let reader: DomainReader

    var clock: LedgerClock { registry.clock }

    /// The actor's agency (checked to exist before any decider runs).
    func agency(of action: Action) -> RegistryState.Agency? { registry.agency(action.actor.agency) }

    /// The name of an agency for messages: `fle-psb (富拉尔基区公安局)`.
    func describe(agency id: String) -> String {
        guard let a = registry.agency(id) else { return id }
        return "\(id) (\(a.name))"
    }

    /// Refuses unless every id in `payload[member]` is a registered agency (of `kinds`, when given).
    func requireAgencies(_ action: Action, member: String, kinds: [AgencyKind]? = nil) throws {
        for (i, id) in PayloadReader(action.payload).strings(member).enumerated() {
            try requireAgency(id, member: "payload.\(member)[\(i)]", kinds: kinds)
        }
    }

    /// Refuses unless `id` is a registered agency (of `kinds`, when given).
    func requireAgency(_ id: String, member: String, kinds: [AgencyKind]? = nil) throws {
        guard let a = registry.agency(id) else {
            throw Refusal.rule("No agency \(id) is registered; acts name registered agencies only.", member: member)
        }
        if let kinds, !kinds.contains(a.kind) {
            throw Refusal.rule("\(describe(agency: id)) is a \(a.kind.rawValue) agency; expected " +
                "\(kinds.map(\.rawValue).joined(separator: " or ")).", member: member)
        }
    }
}

extension Action {
    /// Refuses an act dated before `earlier`, the act it answers.
    func requireNotBefore(_ earlier: EventReference?, _ what: String) throws {
        guard let earlier, timestamp < earlier.at else { return }
        throw Refusal.rule("This act is dated \(at), before \(what) (\(earlier.at), seq \(earlier.seq)); an act cannot be dated " +
            "before the act it answers.", member: "at")
    }

    var reader: PayloadReader { PayloadReader(payload) }
}

/// A `DomainReader` over a folded state, for deciding without a store.
final class StateReader: DomainReader {
    let state: DomainState

    init(_ state: DomainState) { self.state = state }

    func report(_ name: String) -> ReportState? { state.reports[name] }
    func caseState(_ name: String) -> CaseState? { state.cases[name] }
    func supervision(_ name: String) -> SupervisionState? { state.supervisions[name] }
    func mediation(_ name: String) -> MediationState? { state.mediations[name] }
    func jointAction(_ name: String) -> JointActionState? { state.actions[name] }
    func meeting(_ name: String) -> MeetingState? { state.meetings[name] }
    func service(_ name: String) -> ServiceState? { state.services[name] }
    func publication(_ name: String) -> PublicationState? { state.publications[name] }
    func streamVersion(_ name: String) -> Int { state.versions[name] ?? 0 }
}
