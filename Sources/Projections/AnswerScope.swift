import IPProtection
import LedgerCore

/// The streams an answer about one item depends on: enough to fold instead of the whole
/// log, with the same answer (`ipledger status STREAM`, `trail CASE`).
///
/// A scope is found step by step: fold the registry and the item's stream, ask the scope,
/// fold what it names as well (in log order, from the first record: the registry as it
/// stood at each record matters), and ask again until it names nothing new. Streams named
/// by `linkKeys` are those a reference index files under those keys (`StreamLinks`).
public struct AnswerScope: Equatable, Sendable {
    /// Streams to fold, besides the registry, which is always folded.
    public var streams: Set<String>
    /// Keys (`StreamLinks`) whose streams must be folded too.
    public var linkKeys: Set<String>

    public init(streams: Set<String>, linkKeys: Set<String> = []) {
        self.streams = streams
        self.linkKeys = linkKeys
    }
}

extension CaseStatusBoard {
    /// What the row of `stream` depends on, as far as `set` shows: `set` folds the registry,
    /// `stream` and the streams the scope named so far. `nil` when the row depends on the
    /// whole ledger.
    ///
    /// - A report or a mediation: its own stream (and the registry: agencies, calendars,
    ///   time zone, for every item).
    /// - A supervision: its own and its case's, whose `CriminalCaseFiled` meets a filing order's deadline.
    /// - A case: its own; its supervisions (the `supervised` flag); and once it has a
    ///   penalty, every case of the same respondent and IP type (the `repeatOffender`
    ///   flag compares penalties across the ledger). The other flags and alerts of a case
    ///   (`shouldTransfer` included) are its own stream's.
    public static func scope(of stream: String, in set: ProjectionSet) -> AnswerScope? {
        var scope = AnswerScope(streams: [stream])
        switch ItemKind(stream: stream) {
        case .supervision?:
            if let caseName = set.domain.supervisions[stream]?.caseName, !caseName.isEmpty { scope.streams.insert(caseName) }
        case .case?:
            guard let c = set.domain.cases[stream], c.exists else { return scope }
            scope.linkKeys.insert(StreamLinks.supervisions(of: stream))
            if c.penalty != nil {
                guard StreamLinks.findsEveryMatch(ipType: c.ipType, c.respondent) else { return nil }
                scope.linkKeys.formUnion(StreamLinks.sameRespondent(ipType: c.ipType, c.respondent))
            }
        case .report?, .mediation?, nil:
            break
        }
        return scope
    }
}

extension SupervisionTrail {
    /// What the trail of `caseName` depends on, as far as `set` shows (see
    /// `CaseStatusBoard.scope(of:in:)`): the case, the report it came from, and its
    /// supervisions (whose deadlines the case's filing can meet).
    public static func scope(of caseName: String, in set: ProjectionSet) -> AnswerScope {
        var scope = AnswerScope(streams: [caseName], linkKeys: [StreamLinks.supervisions(of: caseName)])
        if let report = set.domain.cases[caseName]?.report { scope.streams.insert(report) }
        return scope
    }
}
