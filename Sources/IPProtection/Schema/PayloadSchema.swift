import LedgerCore

/// A payload schema written in Swift: the one definition both the validator and the
/// JSON Schema files in `Schemas/` come from.
///
/// The language is deliberately small (strings of a few formats, integers, booleans,
/// arrays and closed objects) so that every construct has an exact JSON Schema
/// (draft 2020-12) counterpart and the two can never disagree.
public indirect enum PayloadSchema: Sendable {
    /// A string of the given format.
    case string(StringFormat)
    /// An integer (a JSON number with no fraction) within `minimum ... maximum`.
    case integer(minimum: Int, maximum: Int)
    /// `true` or `false`.
    case boolean
    /// An array of items of one schema, with at least `minItems`; `unique` refuses repeated items.
    case array(PayloadSchema, minItems: Int, unique: Bool)
    /// An object with exactly these members (unknown members are refused).
    case object([SchemaMember])
}

/// One member of an object schema.
public struct SchemaMember: Sendable {
    /// The member's name.
    public let name: String
    /// The member's schema.
    public let schema: PayloadSchema
    /// Whether the member must be present.
    public let required: Bool
    /// What the member means, for the JSON Schema's `description`.
    public let description: String

    public init(_ name: String, _ schema: PayloadSchema, required: Bool, _ description: String) {
        self.name = name
        self.schema = schema
        self.required = required
        self.description = description
    }
}

// MARK: Building schemas

/// A required member.
func required(_ name: String, _ schema: PayloadSchema, _ description: String) -> SchemaMember {
    SchemaMember(name, schema, required: true, description)
}

/// An optional member.
func optional(_ name: String, _ schema: PayloadSchema, _ description: String) -> SchemaMember {
    SchemaMember(name, schema, required: false, description)
}

extension PayloadSchema {
    /// The largest integer a double holds exactly: 2^53 - 1.
    public static let maxSafeInteger = 9_007_199_254_740_991

    /// Free text of 1 to 4,000 characters.
    static let text = PayloadSchema.string(.text(maxLength: 4000))
    /// A name or short label of 1 to 200 characters.
    static let name = PayloadSchema.string(.text(maxLength: 200))
    /// A registered id (agency, officer, evidence ...).
    static let identifier = PayloadSchema.string(.identifier)
    /// An amount of money in fen (分), a non-negative integer.
    static let fen = PayloadSchema.integer(minimum: 0, maximum: maxSafeInteger)
    static let sha256 = PayloadSchema.string(.sha256)
    static let date = PayloadSchema.string(.date)
    /// An RFC 3339 date-time with an offset.
    static let dateTime = PayloadSchema.string(.dateTime)

    /// One value of an enumeration.
    static func one<E: PayloadEnumeration>(of _: E.Type) -> PayloadSchema { .string(.oneOf(E.values)) }

    /// The full name of a stream of one of `kinds`, e.g. `case/FLE-2024-0007`.
    static func stream(_ kinds: String...) -> PayloadSchema { .string(.stream(kinds)) }

    /// A non-empty array of distinct items.
    static func list(_ item: PayloadSchema, minItems: Int = 1) -> PayloadSchema {
        .array(item, minItems: minItems, unique: true)
    }

    /// `party` of DOMAIN.md: `{"name", "privateEnterprise": bool}`.
    static let party = PayloadSchema.object([
        required("name", .name, "The party's name."),
        required("privateEnterprise", .boolean, "Whether the party is a private enterprise (民营企业)."),
        optional("creditCode", .name, "The unified social credit code (统一社会信用代码), where known."),
    ])
}

// MARK: Validation

extension PayloadSchema {
    /// Checks `value` against the schema, naming the first offending member.
    ///
    /// Members are checked in a fixed order (unknown members first, then the declared
    /// members in order), so the same input always names the same member.
    /// - Parameter path: the path of `value`, e.g. `payload` or `payload.team[1]`.
    /// - Throws: `Refusal` of kind `.schema` naming the member path.
    public func validate(_ value: JSONValue, at path: String) throws {
        // Valid input, the rule, costs no message or path; only invalid input is walked
        // again below to name its first offending member.
        if accepts(value) { return }
        switch self {
        case .string(let format):
            guard case .string(let s) = value else { throw Refusal.schema(path, "expected a string, found \(value.typeName)") }
            if let problem = format.problem(with: s) { throw Refusal.schema(path, problem) }
        case .integer(let minimum, let maximum):
            guard case .number(let d) = value else { throw Refusal.schema(path, "expected an integer, found \(value.typeName)") }
            guard d.rounded(.towardZero) == d else { throw Refusal.schema(path, "expected an integer, found the number \(d)") }
            guard d >= Double(minimum) else { throw Refusal.schema(path, "must be at least \(minimum), found " +
                "\(PayloadSchema.describe(d))") }
            guard d <= Double(maximum) else { throw Refusal.schema(path, "must be at most \(maximum), found \(PayloadSchema.describe(d))") }
        case .boolean:
            guard case .bool = value else { throw Refusal.schema(path, "expected true or false, found \(value.typeName)") }
        case .array(let item, let minItems, let unique):
            guard case .array(let items) = value else { throw Refusal.schema(path, "expected an array, found \(value.typeName)") }
            guard items.count >= minItems else {
                throw Refusal.schema(path, "expected at least \(minItems) item\(minItems == 1 ? "" : "s"), found \(items.count)")
            }
            var seen: [JSONValue: Int] = [:]
            for (i, element) in items.enumerated() {
                try item.validate(element, at: "\(path)[\(i)]")
                if unique {
                    if let first = seen[element] { throw Refusal.schema("\(path)[\(i)]", "repeats \(path)[\(first)]; items must be " +
                        "distinct") }
                    seen[element] = i
                }
            }
        case .object(let members):
            guard case .object(let object) = value else { throw Refusal.schema(path, "expected an object, found \(value.typeName)") }
            for key in object.keys.sorted() where !members.contains(where: { $0.name == key }) {
                let allowed = members.isEmpty ? "no members are allowed here" : "allowed: " + members.map(\.name).joined(separator: ", ")
                throw Refusal.schema("\(path).\(key)", "unknown member; \(allowed)")
            }
            for member in members {
                if let v = object[member.name] {
                    try member.schema.validate(v, at: "\(path).\(member.name)")
                } else if member.required {
                    throw Refusal.schema("\(path).\(member.name)", "missing; it is required")
                }
            }
        }
    }

    /// Whether `validate` accepts `value`: the same checks, without building a path or a
    /// message (`PayloadSchemaTests` holds the two to the same answers).
    func accepts(_ value: JSONValue) -> Bool {
        switch self {
        case .string(let format):
            guard case .string(let s) = value else { return false }
            return format.problem(with: s) == nil
        case .integer(let minimum, let maximum):
            guard case .number(let d) = value else { return false }
            return d.rounded(.towardZero) == d && d >= Double(minimum) && d <= Double(maximum)
        case .boolean:
            if case .bool = value { return true }
            return false
        case .array(let item, let minItems, let unique):
            guard case .array(let items) = value, items.count >= minItems else { return false }
            for element in items where !item.accepts(element) { return false }
            guard unique, items.count > 1 else { return true }
            if items.count <= 8 {
                for i in 1..<items.count where items[..<i].contains(items[i]) { return false }
                return true
            }
            return Set(items).count == items.count
        case .object(let members):
            guard case .object(let object) = value else { return false }
            var present = 0
            for member in members {
                if let v = object[member.name] {
                    guard member.schema.accepts(v) else { return false }
                    present += 1
                } else if member.required {
                    return false
                }
            }
            // Every member of the object was a declared one: none unknown.
            return present == object.count
        }
    }

    /// A number as a message shows it: integers without a fraction.
    static func describe(_ d: Double) -> String {
        if d.rounded(.towardZero) == d, abs(d) < 1e18 { return String(Int64(d)) }
        return String(d)
    }

    /// The members of an object schema (empty for other schemas).
    public var members: [SchemaMember] {
        if case .object(let m) = self { return m }
        return []
    }
}
