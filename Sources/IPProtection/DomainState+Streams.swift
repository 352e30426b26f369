import LedgerCore

/// The one place that lists the stream kinds this module decides and folds.
///
/// Adding a stream kind (as `mediation` was): write its state (with `init(stream:)`
/// and `evolve(_:registry:)`), its decider's `decide(_:_:_:)` and its catalogue's `types`;
/// then add a dictionary to `DomainState`, one case to each switch below, a reader
/// method to `DomainReader` if other deciders consult it, and the kind to `Catalogue`.
extension DomainState {
    mutating func evolveStream(_ record: LedgerRecord) {
        let stream = record.stream
        switch record.streamKind {
        case "registry":
            registry.evolve(record)
        case "report":
            reports[stream, default: ReportState(stream: stream)].evolve(record, registry: registry)
        case "case":
            cases[stream, default: CaseState(stream: stream)].evolve(record, registry: registry)
            if record.type == "CriminalCaseFiled" {
                let filing = EventReference(record)
                for name in supervisionsByCase[stream] ?? [] {
                    supervisions[name]?.noteCaseFiled(filing, registry: registry)
                }
            }
            if record.type == "CaseOpened", let c = cases[stream], c.opened?.seq == record.seq, let name = c.action,
               actions[name] != nil {
                actions[name]?.noteCaseOpened(stream, by: EventReference(record), agency: record.actor.agency)
                noteLink(stream, to: name)
            }
        case "supervision":
            let isNew = supervisions[stream] == nil
            supervisions[stream, default: SupervisionState(stream: stream)].evolve(record, registry: registry)
            if isNew, record.type == "SupervisionOpened", let caseName = supervisions[stream]?.caseName {
                supervisionsByCase[caseName, default: []].append(stream)
            }
        case "mediation":
            mediations[stream, default: MediationState(stream: stream)].evolve(record, registry: registry)
        case "action":
            actions[stream, default: JointActionState(stream: stream)].evolve(record, registry: registry)
            if record.type == "CaseLinked", let name = record.payload["case"]?.stringValue,
               actions[stream]?.links.last?.linked.seq == record.seq {
                noteLink(name, to: stream)
            }
        case "meeting":
            meetings[stream, default: MeetingState(stream: stream)].evolve(record, registry: registry)
        case "service":
            services[stream, default: ServiceState(stream: stream)].evolve(record, registry: registry)
        case "publication":
            let isNew = publications[stream] == nil
            publications[stream, default: PublicationState(stream: stream)].evolve(record, registry: registry)
            if isNew, let p = publications[stream], p.exists {
                for name in p.cases where !(publicationsByCase[name] ?? []).contains(stream) {
                    publicationsByCase[name, default: []].append(stream)
                }
            }
        default:
            break
        }
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
