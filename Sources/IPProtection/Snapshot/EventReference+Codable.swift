import LedgerCore

/// An event reference encodes compactly, as an array: the folded states hold hundreds of
/// thousands of them, and a projection snapshot stores them all.
///
/// - `[seq, stream, type, at, version]` when the id is the ledger's default
///   `<stream>@<version>` (the id is made again from the two);
/// - `[seq, stream, type, at, 0, id]` for an id the submitter chose.
extension EventReference: Codable {
    public init(from decoder: Decoder) throws {
        var container = try decoder.unkeyedContainer()
        let seq = try container.decode(Int.self)
        let stream = try container.decode(String.self)
        let type = try container.decode(String.self)
        let at = try container.decode(Timestamp.self)
        let version = try container.decode(Int.self)
        let id = container.count == 6 ? try container.decode(String.self) : "\(stream)@\(version)"
        self.init(seq: seq, id: id, stream: stream, type: type, at: at)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(seq)
        try container.encode(stream)
        try container.encode(type)
        try container.encode(at)
        if let version = defaultIDVersion {
            try container.encode(version)
        } else {
            try container.encode(0)
            try container.encode(id)
        }
    }
}
