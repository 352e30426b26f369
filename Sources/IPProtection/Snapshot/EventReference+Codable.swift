import LedgerCore

/// An event reference encodes compactly, as `[seq, id, stream, type, at]`: the folded
/// states hold hundreds of thousands of them, and a projection snapshot stores them all.
extension EventReference: Codable {
    public init(from decoder: Decoder) throws {
        var container = try decoder.unkeyedContainer()
        let seq = try container.decode(Int.self)
        let id = try container.decode(String.self)
        let stream = try container.decode(String.self)
        let type = try container.decode(String.self)
        let at = try container.decode(Timestamp.self)
        self.init(seq: seq, id: id, stream: stream, type: type, at: at)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(seq)
        try container.encode(id)
        try container.encode(stream)
        try container.encode(type)
        try container.encode(at)
    }
}
