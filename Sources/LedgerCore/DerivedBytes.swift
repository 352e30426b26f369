/// Bytes computed from other members of a value and kept so as not to compute them again
/// (the canonical form of a payload, say): never part of the value's equality or hash,
/// and cleared by the owner whenever the members they come from change.
public struct DerivedBytes: Hashable, Sendable {
    /// The bytes, when known.
    public var bytes: [UInt8]?

    public init(_ bytes: [UInt8]? = nil) {
        self.bytes = bytes
    }

    /// Always equal: derived bytes say nothing a value's own members do not.
    public static func == (_: DerivedBytes, _: DerivedBytes) -> Bool { true }

    public func hash(into hasher: inout Hasher) {}
}
