import LedgerCore

/// Total reads of a stored payload for `evolve`: a member that is missing or of another
/// type reads as empty, so folding never fails (the payload was checked when recorded).
struct PayloadReader {
    let members: [String: JSONValue]

    init(_ members: [String: JSONValue]) { self.members = members }

    func string(_ name: String) -> String { members[name]?.stringValue ?? "" }
    func optionalString(_ name: String) -> String? { members[name]?.stringValue }
    func int(_ name: String) -> Int? { members[name]?.intValue }
    func bool(_ name: String) -> Bool { members[name]?.boolValue ?? false }
    func strings(_ name: String) -> [String] { members[name]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    func object(_ name: String) -> PayloadReader { PayloadReader(members[name]?.objectValue ?? [:]) }
    func party(_ name: String) -> Party { Party(object(name)) }
}

/// `party` of DOMAIN.md: a name and whether it is a private enterprise.
///
/// Its members are kept in one shared box of their own, so that a party is 8 bytes: the
/// folded states hold a respondent or two for each report and case, most of them equal to
/// another's and kept once by the fold (`SharedValues`); inline, they were 40 bytes each,
/// 10 MB of a rebuild at 1,000,000 events.
public struct Party: Hashable, Sendable, Codable {
    /// The members, never changed: a setter puts new ones in a new box.
    private var members: Members

    private final class Members: Sendable {
        let name: String
        let privateEnterprise: Bool
        let creditCode: String?

        init(name: String, privateEnterprise: Bool, creditCode: String?) {
            self.name = name
            self.privateEnterprise = privateEnterprise
            self.creditCode = creditCode
        }
    }

    /// The party's name.
    public var name: String {
        get { members.name }
        set { members = Members(name: newValue, privateEnterprise: privateEnterprise, creditCode: creditCode) }
    }

    /// Whether the party is a private enterprise (民营企业).
    public var privateEnterprise: Bool {
        get { members.privateEnterprise }
        set { members = Members(name: name, privateEnterprise: newValue, creditCode: creditCode) }
    }

    /// The unified social credit code, where known.
    public var creditCode: String? {
        get { members.creditCode }
        set { members = Members(name: name, privateEnterprise: privateEnterprise, creditCode: newValue) }
    }

    public init(name: String, privateEnterprise: Bool, creditCode: String? = nil) {
        members = Members(name: name, privateEnterprise: privateEnterprise, creditCode: creditCode)
    }

    /// The party a state names before its first act does: no name, not a private enterprise (one box for all).
    static let unnamed = Party(name: "", privateEnterprise: false)

    public static func == (a: Party, b: Party) -> Bool {
        a.members === b.members
            || a.name == b.name && a.privateEnterprise == b.privateEnterprise && a.creditCode == b.creditCode
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(privateEnterprise)
        hasher.combine(creditCode)
    }

    // Encoded as its members, as a plain struct's synthesised conformance does.
    private enum CodingKeys: String, CodingKey {
        case name, privateEnterprise, creditCode
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name), privateEnterprise: try c.decode(Bool.self, forKey: .privateEnterprise),
                  creditCode: try c.decodeIfPresent(String.self, forKey: .creditCode))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(privateEnterprise, forKey: .privateEnterprise)
        try c.encodeIfPresent(creditCode, forKey: .creditCode)
    }

    init(_ p: PayloadReader) {
        self.init(name: p.string("name"), privateEnterprise: p.bool("privateEnterprise"), creditCode: p.optionalString("creditCode"))
    }
}
