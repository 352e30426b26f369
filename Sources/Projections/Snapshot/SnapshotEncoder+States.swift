import IPProtection
import LedgerCore

/// The most numerous values of a snapshot, written without `Codable`'s containers.
///
/// Through `encode(to:)`, every keyed container costs the run-time lookups of its generic
/// types (`KeyedEncodingContainer<Key>` and its box) and every member a walk through
/// them: at 1,000,000 events, most of the encoding's time. Here the reports, cases and
/// their references, parties, penalties, evidence, transfers and deadline books are
/// written member by member, in the order and form their `encode(to:)` gives, byte for
/// byte (`SnapshotCodecTests` compares the two ways on generated sets). A change to one of
/// those conformances must be made here too: the tests fail until it is.
extension SnapshotEncoder.Writer {
    /// Writes `value` if it is of one of those types: `false` when it is not, or when the
    /// writer encodes everything through `Codable` (`State.writesStatesDirectly`).
    @inline(__always)
    func writeDirectly<T>(_ value: T) throws -> Bool {
        guard state.pointee.writesStatesDirectly else { return false }
        if T.self == EventReference.self {
            writeReference(unsafeBitCast(value, to: EventReference.self))
        } else if T.self == Party.self {
            writeParty(unsafeBitCast(value, to: Party.self))
        } else if T.self == DeadlineBook.self {
            try writeBook(unsafeBitCast(value, to: DeadlineBook.self))
        } else if T.self == CaseState.self {
            try writeCase(unsafeBitCast(value, to: CaseState.self))
        } else if T.self == ReportState.self {
            try writeReport(unsafeBitCast(value, to: ReportState.self))
        } else if T.self == CaseState.Penalty.self {
            try writePenalty(unsafeBitCast(value, to: CaseState.Penalty.self))
        } else if T.self == CaseState.Evidence.self {
            try writeEvidence(unsafeBitCast(value, to: CaseState.Evidence.self))
        } else if T.self == TransferProgress.self {
            try writeTransfer(unsafeBitCast(value, to: TransferProgress.self))
        } else {
            return false
        }
        return true
    }

    // MARK: Containers and members, as `Keyed` and `Unkeyed` write them

    /// Opens the keyed container of the value being written (a struct's members).
    private func openKeyed() -> Int {
        container(keyed: true, tag: SnapshotFormat.Tag.keyed, valueDepth: state.pointee.valueDepth)
    }

    /// Opens the unkeyed container of the value being written.
    private func openUnkeyed() -> Int {
        container(keyed: false, valueDepth: state.pointee.valueDepth)
    }

    /// Starts the member `name` of the keyed container at `depth`.
    @inline(__always)
    private func member(_ name: String, _ depth: Int) {
        next(in: depth)
        writeName(name)
    }

    /// A value that may be absent: itself, or nil (as `encodeIfPresent` writes it).
    private func writeOptional<T: Encodable>(_ value: T?) throws {
        if let value { try write(value) } else { writeNil() }
    }

    private func writeOptional(_ value: String?) {
        if let value { writeString(value) } else { writeNil() }
    }

    // MARK: The values

    /// `[seq, stream, type, at, version]`, or `[seq, stream, type, at, 0, id]` (`EventReference+Codable`).
    private func writeReference(_ ref: EventReference) {
        let d = openUnkeyed()
        next(in: d); writeInteger(Int64(ref.seq))
        next(in: d); writeString(ref.stream)
        next(in: d); writeString(ref.type)
        next(in: d); writeTimestamp(ref.at)
        if let version = ref.defaultIDVersion {
            next(in: d); writeInteger(Int64(version))
        } else {
            next(in: d); writeInteger(0)
            next(in: d); writeString(ref.id)
        }
    }

    private func writeParty(_ party: Party) {
        let d = openKeyed()
        member("name", d); writeString(party.name)
        member("privateEnterprise", d); writeBool(party.privateEnterprise)
        member("creditCode", d); writeOptional(party.creditCode)
    }

    /// Each deadline an array (`DeadlineBook.encode(to:)`).
    private func writeBook(_ book: DeadlineBook) throws {
        let list = openUnkeyed()
        for d in book.all {
            next(in: list)
            let item = open(keyed: false)
            func element() { next(in: item) }
            element(); writeString(d.rule.rawValue)
            element(); writeString(d.stream)
            element(); try write(d.startedBy)
            element(); writeTimestamp(d.start)
            switch d.period {
            case .hours(let n): element(); writeInteger(0); element(); writeInteger(Int64(n))
            case .days(let n): element(); writeInteger(1); element(); writeInteger(Int64(n))
            case .workingDays(let n): element(); writeInteger(2); element(); writeInteger(Int64(n))
            }
            element(); writeTimestamp(d.due)
            element(); writeOptional(d.agency)
            switch d.status {
            case .open:
                element(); writeInteger(0)
            case .met(let by, let late, let taken):
                element(); writeInteger(1)
                element(); try write(by)
                element(); writeBool(late)
                element(); writeInteger(Int64(taken))
            case .ended(let by, let late):
                element(); writeInteger(2)
                element(); try write(by)
                element(); writeBool(late)
            }
        }
    }

    private func writeCase(_ value: CaseState) throws {
        let f = value[dynamicMember: \CaseState.Fields.self]
        let d = openKeyed()
        member("stream", d); writeString(f.stream)
        member("opened", d); try writeOptional(f.opened)
        member("openedBy", d); writeOptional(f.openedBy)
        member("amr", d); writeOptional(f.amr)
        member("police", d); writeOptional(f.police)
        member("report", d); writeOptional(f.report)
        member("action", d); writeOptional(f.action)
        member("ipType", d); writeString(f.ipType)
        member("sector", d); writeString(f.sector)
        member("respondent", d); try write(f.respondent)
        member("rightsHolder", d); try write(f.rightsHolder)
        member("evidence", d); try write(f.evidence)
        member("pendingConsultations", d); try write(f.pendingConsultations)
        member("penalty", d); try writeOptional(f.penalty)
        member("transfer", d); try write(f.transfer)
        member("dispute", d); try writeOptional(f.dispute)
        member("settledDisputes", d); try write(f.settledDisputes)
        member("impactAssessments", d); try write(f.impactAssessments)
        member("close", d); try writeOptional(f.close)
        member("outcome", d); writeOptional(f.outcome)
        member("deadlines", d); try write(f.deadlines)
        member("version", d); writeInteger(Int64(f.version))
    }

    private func writeReport(_ value: ReportState) throws {
        let f = value[dynamicMember: \ReportState.Fields.self]
        let d = openKeyed()
        member("stream", d); writeString(f.stream)
        member("received", d); try writeOptional(f.received)
        member("receivedBy", d); writeOptional(f.receivedBy)
        member("holders", d); try write(f.holders)
        member("channel", d); writeString(f.channel)
        member("ipType", d); writeString(f.ipType)
        member("sector", d); writeString(f.sector)
        member("respondent", d); try write(f.respondent)
        member("reporterKind", d); writeString(f.reporterKind)
        member("deciding", d); writeOptional(f.deciding)
        member("decision", d); try writeOptional(f.decision)
        member("close", d); try writeOptional(f.close)
        member("outcome", d); writeOptional(f.outcome)
        member("caseOpened", d); writeOptional(f.caseOpened)
        member("deadlines", d); try write(f.deadlines)
        member("version", d); writeInteger(Int64(f.version))
    }

    private func writePenalty(_ p: CaseState.Penalty) throws {
        let d = openKeyed()
        member("decisionNo", d); writeString(p.decisionNo)
        member("fineFen", d); writeInteger(Int64(p.fineFen))
        member("illegalGainsFen", d); writeInteger(Int64(p.illegalGainsFen))
        member("businessVolumeFen", d); writeInteger(Int64(p.businessVolumeFen))
        member("decided", d); try write(p.decided)
    }

    private func writeEvidence(_ e: CaseState.Evidence) throws {
        let d = openKeyed()
        member("id", d); writeString(e.id)
        member("sha256", d); writeString(e.sha256)
        member("recorded", d); try write(e.recorded)
        member("notarized", d); try writeOptional(e.notarized)
        member("certificateNo", d); writeOptional(e.certificateNo)
    }

    private func writeTransfer(_ transfer: TransferProgress) throws {
        let f = transfer[dynamicMember: \TransferProgress.Fields.self]
        let d = openKeyed()
        member("stage", d); writeString(f.stage.rawValue)
        member("report", d)
        if let report = f.report {
            let r = open(keyed: true, tag: SnapshotFormat.Tag.keyed)
            member("team", r); try write(report.team)
            member("suspectedOffence", r); writeString(report.suspectedOffence)
            member("illegalGainsFen", r); if let n = report.illegalGainsFen { writeInteger(Int64(n)) } else { writeNil() }
            member("businessVolumeFen", r); if let n = report.businessVolumeFen { writeInteger(Int64(n)) } else { writeNil() }
            member("submitted", r); try write(report.submitted)
        } else {
            writeNil()
        }
        member("reports", d); try write(f.reports)
        member("approval", d); try writeOptional(f.approval)
        member("refusal", d); try writeOptional(f.refusal)
        member("transferred", d); try writeOptional(f.transferred)
        member("transferredTo", d); writeOptional(f.transferredTo)
        member("missingDocuments", d); try write(f.missingDocuments)
        member("forwards", d); try write(f.forwards)
        member("handedTo", d); try writeOptional(f.handedTo)
        member("receipt", d); try writeOptional(f.receipt)
        member("pendingMaterialsRequest", d); try writeOptional(f.pendingMaterialsRequest)
        member("filing", d); try writeOptional(f.filing)
        member("filingNo", d); writeOptional(f.filingNo)
        member("decline", d); try writeOptional(f.decline)
        member("reconsiderationRequest", d); try writeOptional(f.reconsiderationRequest)
        member("reconsiderationDecision", d); try writeOptional(f.reconsiderationDecision)
        member("reconsiderationOutcome", d); writeOptional(f.reconsiderationOutcome)
        member("suggestion", d); try writeOptional(f.suggestion)
        member("suggestedTo", d); writeOptional(f.suggestedTo)
        member("handovers", d); try write(f.handovers)
        member("filingReopened", d); writeBool(f.filingReopened)
    }
}
