import IPProtection
import LedgerCore

/// Alerts as of an instant (DOMAIN.md "Alerts"): every overdue statutory deadline, cases
/// that should have been transferred (以罚代刑), repeat offenders, and closing
/// judicial-confirmation windows, oldest first.
public enum AlertList {
    /// The alerts of `set` judged at `judgedAt`.
    public static func alerts(_ set: ProjectionSet, judgedAt: Timestamp) -> [Alert] {
        Alerts.compute(set.domain, asOf: judgedAt)
    }
}

extension Alert {
    public func json(utcOffset: Int32) -> JSONValue {
        [
            "kind": .string(kind.rawValue), "stream": .string(stream), "case": caseName.map(JSONValue.string) ?? .null,
            "agency": agency.map(JSONValue.string) ?? .null, "agencyKind": .string(agencyKind.rawValue),
            "since": .string(since.text(utcOffset)), "rule": .string(rule), "citation": .string(citation), "message": .string(message),
            "source": source.rowJSON(utcOffset: utcOffset),
        ]
    }
}
