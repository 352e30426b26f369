import LedgerCore

/// The one place that lists the stream kinds this module decides and folds.
///
/// Adding a stream kind (as `mediation` was): write its state (with `init(stream:)`
/// and `evolve(_:registry:)`), its decider's `decide(_:_:_:)` and its catalogue's `types`;
/// then add a dictionary to `DomainState`, one case to each switch below, a reader
/// method to `DomainReader` if other deciders consult it, and the kind to `Catalogue`.
extension DomainState {
    /// Folds `event` into the state of its stream, and returns that state as it stands after.
    mutating func evolveStream(_ event: DomainEvent) -> StreamState {
        let stream = event.streamKey
        switch event.kind {
        case .registry?:
            registry.evolve(event)
            return .registry
        case .report?:
            return .report(DomainState.evolve(&reports[stream, default: ReportState(stream: stream.name)], event, registry: registry,
                                              shared: &shared, cases: cases))
        case .case?:
            let c = DomainState.evolve(&cases[stream, default: CaseState(stream: stream.name)], event, registry: registry,
                                       shared: &shared, reports: reports)
            if event.name == .criminalCaseFiled {
                let filing = event.reference.sharing(c.stream)
                for name in supervisionsByCase[stream.name] ?? [] {
                    supervisions[name]?.noteCaseFiled(filing, registry: registry)
                }
            }
            if event.name == .caseOpened, c.opened?.seq == event.seq, let name = c.action, actions[name] != nil {
                actions[name]?.noteCaseOpened(c.stream, by: event.reference.sharing(c.stream), agency: event.actor.agency)
                noteLink(c.stream, to: name)
            }
            return .case(c)
        case .supervision?:
            let isNew = event.name == .supervisionOpened && supervisions[stream] == nil
            let s = supervisions[stream, default: SupervisionState(stream: stream.name)].evolve(event, registry: registry)
            if isNew { supervisionsByCase[s.caseName, default: []].append(s.stream) }
            return .supervision(s)
        case .mediation?:
            return .mediation(mediations[stream, default: MediationState(stream: stream.name)].evolve(event, registry: registry))
        case .action?:
            actions[stream, default: JointActionState(stream: stream.name)].evolve(event, registry: registry)
            if event.name == .caseLinked, let name = event.payload.optionalString("case"),
               let action = actions[stream], action.links.last?.linked.seq == event.seq {
                noteLink(name, to: action.stream)
            }
            return .other
        case .meeting?:
            meetings[stream, default: MeetingState(stream: stream.name)].evolve(event, registry: registry)
            return .other
        case .service?:
            services[stream, default: ServiceState(stream: stream.name)].evolve(event, registry: registry)
            return .other
        case .publication?:
            let isNew = publications[stream] == nil
            publications[stream, default: PublicationState(stream: stream.name)].evolve(event, registry: registry)
            if isNew, let p = publications[stream], p.exists {
                for name in p.cases where !(publicationsByCase[name] ?? []).contains(p.stream) {
                    publicationsByCase[name, default: []].append(p.stream)
                }
            }
            return .other
        case nil:
            return .other
        }
    }

    /// Folds `event` into `report`; the name of the case its close names is then the one
    /// `cases` holds (the same string, not an equal copy).
    private static func evolve(_ report: inout ReportState, _ event: DomainEvent, registry: RegistryState,
                               shared: inout SharedValues, cases: StreamTable<CaseState>) -> ReportState {
        report.evolve(event, registry: registry, shared: &shared)
        if event.name == .reportClosed, let name = key(report.caseOpened, in: cases) { report.share(caseName: name) }
        return report
    }

    /// Folds `event` into `state`; the name of the report it came from is then the one
    /// `reports` holds (the same string, not an equal copy).
    private static func evolve(_ state: inout CaseState, _ event: DomainEvent, registry: RegistryState,
                               shared: inout SharedValues, reports: StreamTable<ReportState>) -> CaseState {
        state.evolve(event, registry: registry, shared: &shared)
        if event.name == .caseOpened, let name = key(state.report, in: reports) { state.share(reportName: name) }
        return state
    }

    /// `states`' own key with the very bytes of `name`, if there is one (a key only equal
    /// to it, another spelling, is not taken: a state keeps the name as its event gave it).
    private static func key<State>(_ name: String?, in states: StreamTable<State>) -> String? {
        guard let name, let stored = states.storedName(name), stored.hasSameBytes(as: name) else { return nil }
        return stored
    }

    private mutating func noteLink(_ caseName: String, to action: String) {
        if !(actionsByCase[caseName] ?? []).contains(action) { actionsByCase[caseName, default: []].append(action) }
    }
}

/// The decision procedure shared by `Recorder` and `DomainState.decide`.
enum Decision {
    /// How far ahead of `now` an act may be dated (clock skew between agencies).
    static let clockTolerance: Int64 = 300

    static func decide(_ action: Action, now: Timestamp, registry: RegistryState, version: Int, reader: DomainReader) throws -> EventDraft {
        if let expected = action.expectedVersion, expected != version {
            throw Refusal(.versionConflict, "\(action.stream) is at version \(version), not \(expected); someone recorded in it " +
                "since. Read it again and resubmit.", member: "expectedVersion")
        }
        if action.timestamp.seconds > now.seconds + clockTolerance {
            throw Refusal.rule("This act is dated \(action.at), after the present (\(now.utcString)); the ledger records acts that " +
                "have happened.", member: "at")
        }
        if action.type == "LedgerOpened" {
            try RegistryDecider.decideOpening(action, registry)
            return action.draft
        }
        try Permissions.check(action, registry)
        let context = DecisionContext(registry: registry, now: now, reader: reader)
        switch action.eventType.streamKind {
        case "registry":
            try RegistryDecider.decide(action, registry, context)
        case "report":
            try ReportDecider.decide(action, try reader.report(action.stream) ?? ReportState(stream: action.stream), context)
        case "case":
            try CaseDecider.decide(action, try reader.caseState(action.stream) ?? CaseState(stream: action.stream), context)
        case "supervision":
            try SupervisionDecider.decide(action, try reader.supervision(action.stream) ?? SupervisionState(stream: action.stream), context)
        case "mediation":
            try MediationDecider.decide(action, try reader.mediation(action.stream) ?? MediationState(stream: action.stream), context)
        case "action":
            try JointActionDecider.decide(action, try reader.jointAction(action.stream) ?? JointActionState(stream: action.stream), context)
        case "meeting":
            try MeetingDecider.decide(action, try reader.meeting(action.stream) ?? MeetingState(stream: action.stream), context)
        case "service":
            try ServiceDecider.decide(action, try reader.service(action.stream) ?? ServiceState(stream: action.stream), context)
        case "publication":
            try PublicationDecider.decide(action, try reader.publication(action.stream) ?? PublicationState(stream: action.stream), context)
        default:
            throw Refusal(.unknownType, "No decider handles \(action.eventType.streamKind) streams yet.", member: "stream")
        }
        return action.draft
    }
}
