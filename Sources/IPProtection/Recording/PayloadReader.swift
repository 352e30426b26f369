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
public struct Party: Hashable, Sendable, Codable {
    /// The party's name.
    public var name: String
    /// Whether the party is a private enterprise (民营企业).
    public var privateEnterprise: Bool
    /// The unified social credit code, where known.
    public var creditCode: String?

    public init(name: String, privateEnterprise: Bool, creditCode: String? = nil) {
        self.name = name
        self.privateEnterprise = privateEnterprise
        self.creditCode = creditCode
    }

    init(_ p: PayloadReader) {
        self.init(name: p.string("name"), privateEnterprise: p.bool("privateEnterprise"), creditCode: p.optionalString("creditCode"))
    }
}
