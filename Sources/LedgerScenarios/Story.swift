import LedgerCore

/// A featured story of the demo: acts in order, written as a clerk would record them.
struct Story {
    private(set) var acts: [(Timestamp, JSONValue)] = []

    /// Adds an act at a local (UTC+8) time `yyyy-MM-dd HH:mm`.
    mutating func add(_ when: String, _ type: String, _ stream: String, by officer: String, _ payload: [String: JSONValue]) {
        let parts = when.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).compactMap { Int($0) }
        precondition(parts.count == 5, "a story's time is yyyy-MM-dd HH:mm, not \(when)")
        let t = ActionBuilder.local(parts[0], parts[1], parts[2], parts[3], parts[4])
        acts.append((t, ActionBuilder.action(type, stream, t, by: officer, payload)))
    }

    static func party(_ name: String, privateEnterprise: Bool, creditCode: String? = nil) -> JSONValue {
        var p: [String: JSONValue] = ["name": .string(name), "privateEnterprise": .bool(privateEnterprise)]
        if let creditCode { p["creditCode"] = .string(creditCode) }
        return .object(p)
    }

    static func reporter(_ name: String, _ kind: String, privateEnterprise: Bool = false) -> JSONValue {
        ["name": .string(name), "kind": .string(kind), "privateEnterprise": .bool(privateEnterprise)]
    }
}
