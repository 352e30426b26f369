/// One event type of the catalogue: its stream kind, payload schema and who may record it.
///
/// Adding a type: write its `EventType` in the catalogue file of its stream kind
/// (`RegistryEvents`, `CaseEvents` ...), handle it in that kind's decider and state,
/// regenerate `Schemas/` and add a sample to `Schemas/samples/`.
public struct EventType: Sendable {
    /// The type's name, past tense: `CaseTransferred`.
    public let name: String
    /// The payload schema's version (the record's `schema`).
    public let version: Int
    /// The stream kind it is recorded in: `registry`, `report`, `case` ...
    public let streamKind: String
    /// The payload's schema: a closed object.
    public let payload: PayloadSchema
    /// The agency kinds whose officers may record it.
    public let agencyKinds: [AgencyKind]
    /// The roles that may record it (an officer needs one of them).
    public let roles: [Role]
    /// What the act is, one sentence.
    public let summary: String
    /// The rule the act is bound by, with its legal citation, if any.
    public let rule: String?

    public init(_ name: String, version: Int = 1, stream: String, kinds: [AgencyKind] = AgencyKind.allCases,
                roles: [Role], summary: String, rule: String? = nil, payload: [SchemaMember]) {
        self.name = name
        self.version = version
        self.streamKind = stream
        self.payload = .object(payload)
        self.agencyKinds = kinds
        self.roles = roles
        self.summary = summary
        self.rule = rule
    }

    /// `CaseTransferred.v1.schema.json`.
    public var schemaFileName: String { "\(name).v\(version).schema.json" }

    /// The type's JSON Schema (draft 2020-12), as written to `Schemas/`.
    public var jsonSchema: OrderedJSON {
        var document: [(String, OrderedJSON)] = [
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string("urn:ipledger:event:\(name):v\(version)")),
            ("title", .string("\(name) v\(version)")),
        ]
        var description = summary
        if let rule { description += " Rule: \(rule)" }
        guard case .object(let keywords) = payload.jsonSchema(description: description) else { return .object(document) }
        document += keywords
        document.append(("x-ipledger", .object([
            ("stream", .string(streamKind)),
            ("agencyKinds", .array(agencyKinds.map { .string($0.rawValue) })),
            ("roles", .array(roles.map { .string($0.rawValue) })),
        ])))
        return .object(document)
    }
}

/// Role sets the catalogue uses.
extension Role {
    /// The roles that do an agency's everyday recording.
    static let staff: [Role] = [.clerk, .investigator, .head, .liaison]
    /// Everyday roles, prosecutors and judges included: acts any agency takes part in.
    static let anyOfficer: [Role] = [.clerk, .investigator, .head, .liaison, .prosecutor, .judge]
    /// The roles that record an agency's own formal acts.
    static let recording: [Role] = [.clerk, .investigator, .head]
}
