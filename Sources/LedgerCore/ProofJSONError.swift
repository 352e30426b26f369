/// Why the JSON of a proof or checkpoint (FORMAT.md) was refused.
///
/// Reading is strict: the value must be an object with exactly the members FORMAT.md
/// lists, each of the right type; hashes are 64 lowercase hex digits and counts are
/// integers from 0 to 2^53. `what` names the kind of value, e.g. "inclusion proof".
public enum ProofJSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The value is not a JSON object.
    case notAnObject(what: String, found: String)
    /// A required member is absent.
    case missingMember(what: String, member: String)
    /// A member the format does not define is present.
    case unknownMember(what: String, member: String)
    /// A member has the wrong JSON type.
    case wrongType(what: String, member: String, expected: String, found: String)
    /// A count (size or index) is negative, fractional or above 2^53.
    case invalidCount(what: String, member: String, value: Double)
    /// A hash is not 64 lowercase hex digits.
    case invalidHash(what: String, member: String, value: String)
    /// A time is not an RFC 3339 UTC date-time (`YYYY-MM-DDTHH:MM:SS[.fraction]Z`).
    case invalidTimestamp(what: String, member: String, value: String)
    /// The leaf contains a line feed, so it cannot be a line of the log.
    case leafContainsNewline
    /// The members are each well-formed but contradict one another.
    case inconsistent(what: String, reason: String)

    public var description: String {
        switch self {
        case .notAnObject(let what, let found):
            return "\(what): expected a JSON object, found \(found)"
        case .missingMember(let what, let member):
            return "\(what): member \"\(member)\" is missing"
        case .unknownMember(let what, let member):
            return "\(what): unknown member \"\(member)\""
        case .wrongType(let what, let member, let expected, let found):
            return "\(what): \"\(member)\" must be \(expected), found \(found)"
        case .invalidCount(let what, let member, let value):
            return "\(what): \"\(member)\" must be an integer from 0 to 2^53, found \(value)"
        case .invalidHash(let what, let member, let value):
            return "\(what): \"\(member)\" must be 64 lowercase hex digits, found \"\(value)\""
        case .invalidTimestamp(let what, let member, let value):
            return "\(what): \"\(member)\" must be an RFC 3339 UTC time like 2024-04-26T01:30:00Z, found \"\(value)\""
        case .leafContainsNewline:
            return "inclusion proof: \"leaf\" contains a line feed, so it is not one line of the log"
        case .inconsistent(let what, let reason):
            return "\(what): \(reason)"
        }
    }
}

/// Reads the members of a JSON object strictly, for `ProofJSONError`-throwing decoders.
struct ProofJSONReader {
    let what: String
    let members: [String: JSONValue]

    /// Accepts `value` only if it is an object with exactly the members `names`.
    init(_ value: JSONValue, what: String, members names: [String]) throws {
        guard case .object(let members) = value else {
            throw ProofJSONError.notAnObject(what: what, found: value.typeName)
        }
        for name in names where members[name] == nil {
            throw ProofJSONError.missingMember(what: what, member: name)
        }
        if let unknown = members.keys.filter({ !names.contains($0) }).min() {
            throw ProofJSONError.unknownMember(what: what, member: unknown)
        }
        self.what = what
        self.members = members
    }

    /// A member that must be an integer from 0 to 2^53.
    func count(_ name: String) throws -> Int {
        let value = members[name]!
        guard case .number(let d) = value else {
            throw ProofJSONError.wrongType(what: what, member: name, expected: "an integer", found: value.typeName)
        }
        guard let n = value.intValue, n >= 0 else { throw ProofJSONError.invalidCount(what: what, member: name, value: d) }
        return n
    }

    /// A member that must be a string.
    func string(_ name: String) throws -> String {
        let value = members[name]!
        guard case .string(let s) = value else {
            throw ProofJSONError.wrongType(what: what, member: name, expected: "a string", found: value.typeName)
        }
        return s
    }

    /// A member that must be a hash: 64 lowercase hex digits.
    func hash(_ name: String) throws -> SHA256.Digest {
        try Self.hash(members[name]!, what: what, member: name)
    }

    /// A member that must be an array of hashes.
    func hashes(_ name: String) throws -> [SHA256.Digest] {
        let value = members[name]!
        guard case .array(let items) = value else {
            throw ProofJSONError.wrongType(what: what, member: name, expected: "an array of hashes", found: value.typeName)
        }
        return try items.enumerated().map { try Self.hash($0.element, what: what, member: "\(name)[\($0.offset)]") }
    }

    private static func hash(_ value: JSONValue, what: String, member: String) throws -> SHA256.Digest {
        guard case .string(let s) = value else {
            throw ProofJSONError.wrongType(what: what, member: member, expected: "a hash string", found: value.typeName)
        }
        guard Hex.isLowercaseHex(s, count: 64), let digest = SHA256.Digest(hex: s) else {
            throw ProofJSONError.invalidHash(what: what, member: member, value: s)
        }
        return digest
    }
}
