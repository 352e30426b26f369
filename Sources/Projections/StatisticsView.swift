import LedgerCore

extension Statistics {
    /// All counts as one JSON object: `total`, then `bySector`, `byIPType`, `byAgency` and
    /// `byMonth`, each mapping a key to the counts under their stable names.
    public func json(only dimension: Dimension? = nil) -> JSONValue {
        func object(_ counts: Counts) -> JSONValue {
            var m: [String: JSONValue] = [:]
            for (name, value) in counts.named { m[name] = .number(Double(value)) }
            return .object(m)
        }
        var m: [String: JSONValue] = ["total": object(total)]
        let members: [(Dimension, String)] = [(.sector, "bySector"), (.ipType, "byIPType"), (.agency, "byAgency"), (.month, "byMonth")]
        for (d, name) in members where dimension == nil || dimension == d {
            m[name] = .object(counts(by: d).mapValues(object))
        }
        return .object(m)
    }
}
