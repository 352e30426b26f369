import LedgerCore

/// Why an action was not recorded: one sentence a clerk understands, the member it
/// concerns and the rule it breaks.
///
/// Nothing is written when an action is refused; the CLI prints `description` and
/// exits with code 1.
public struct Refusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of check refused the action.
    public var kind: RefusalKind
    /// The sentence a person reads, e.g. "A transfer can be received only after it was made."
    public var message: String
    /// The member path concerned, e.g. `payload.team[1]`; `nil` when the act as a whole is refused.
    public var member: String?
    /// The rule broken, with its legal citation where there is one.
    public var rule: String?

    public init(_ kind: RefusalKind, _ message: String, member: String? = nil, rule: String? = nil) {
        self.kind = kind
        self.message = message
        self.member = member
        self.rule = rule
    }

    /// `member: message (rule)`, e.g. `payload.reason: a decline needs a reason (《…规定》第八条)`.
    public var description: String {
        var text = message
        if let member { text = "\(member): \(text)" }
        if let rule, !message.contains(rule) {
            if text.hasSuffix(".") { text.removeLast() }
            text += " (\(rule))."
        }
        return text
    }
}

/// The closed set of checks an action can fail.
public enum RefusalKind: String, Equatable, Sendable {
    /// The action is not a well-formed action object: an unknown, missing or mistyped envelope member.
    case malformedAction
    /// The event type is not in the catalogue, or does not belong to the named stream's kind.
    case unknownType
    /// The payload does not match the event type's JSON Schema.
    case schema
    /// The actor is not an enrolled, active officer whose agency kind and role may record this type,
    /// or is not the party the rule names.
    case permission
    /// The stream's state does not allow the act (a receipt for a transfer never made, a date before
    /// the act it answers ...).
    case rule
    /// `expectedVersion` is not the stream's version.
    case versionConflict
    /// The action's `id` is already used by the ledger for a different act.
    case idConflict
}

extension Refusal {
    static func schema(_ member: String, _ message: String) -> Refusal {
        Refusal(.schema, message, member: member)
    }

    static func rule(_ message: String, rule: String? = nil, member: String? = nil) -> Refusal {
        Refusal(.rule, message, member: member, rule: rule)
    }

    static func permission(_ message: String, rule: String? = nil) -> Refusal {
        Refusal(.permission, message, member: "actor", rule: rule)
    }
}
