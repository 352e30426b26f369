/// The RFC 8785 JSON Canonicalization Scheme writer.
///
/// PLACEHOLDER API, to be implemented: members sorted by UTF-16 code units,
/// ECMAScript number formatting, minimal string escaping, no white space.
public enum CanonicalJSON {
    /// Appends the canonical form of `value` to `out`.
    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        fatalError("CanonicalJSON.write is not implemented yet")
    }

    /// The canonical form of `value` as UTF-8 bytes.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out)
        return out
    }

    /// The canonical form of `value` as a string.
    public static func string(_ value: JSONValue) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    /// A double as ECMAScript's Number.prototype.toString writes it (RFC 8785 section 3.2.2.3).
    /// NaN and infinities have no JSON form; callers never pass them (the parser refuses them).
    public static func formatNumber(_ value: Double) -> String {
        fatalError("CanonicalJSON.formatNumber is not implemented yet")
    }
}
