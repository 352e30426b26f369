/// HMAC with SHA-256 (RFC 2104), one-shot or streaming.
///
/// RFC 2104 section 2: with B = 64 (SHA-256's block size), a key longer than B is first
/// hashed; the key is then padded with zeros to B bytes and the code is
/// H((K ^ opad) || H((K ^ ipad) || message)), ipad = 0x36 and opad = 0x5c repeated.
/// Both keyed hashers are prepared once in `init(key:)`, so a copy of a fresh
/// `HMACSHA256` authenticates another message without rehashing the key.
public struct HMACSHA256: Sendable {
    /// The size in bytes of a full authentication code.
    public static let byteCount = SHA256.digestSize

    private var inner = SHA256()
    private var outer = SHA256()

    /// Prepares to authenticate a message under `key` (any length, even empty).
    public init<Key: Sequence>(key: Key) where Key.Element == UInt8 {
        var block = Array(key)
        if block.count > SHA256.blockSize { block = SHA256.hash(block).bytes }
        block += [UInt8](repeating: 0, count: SHA256.blockSize - block.count)
        inner.update(block.map { $0 ^ 0x36 })
        outer.update(block.map { $0 ^ 0x5c })
    }

    /// Feeds more of the message.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        inner.update(bytes)
    }

    /// Feeds more of the message from a raw buffer.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        inner.update(bytes)
    }

    /// The 32-byte authentication code of everything fed. The value must not be used afterwards.
    public mutating func finalize() -> [UInt8] {
        outer.update(inner.finalize())
        return outer.finalize().bytes
    }

    /// The 32-byte HMAC-SHA-256 of `message` under `key`.
    public static func authenticationCode<Message: Sequence, Key: Sequence>(for message: Message, key: Key) -> [UInt8]
    where Message.Element == UInt8, Key.Element == UInt8 {
        var hmac = HMACSHA256(key: key)
        hmac.update(message)
        return hmac.finalize()
    }

    /// True when `code` is the full 32-byte code of `message` under `key`.
    ///
    /// The comparison takes the same time wherever the first difference is, so a
    /// forger learns nothing from timing. A truncated code (RFC 2104 section 5) is refused;
    /// compare a prefix of `authenticationCode(for:key:)` yourself if you need one.
    public static func isValidAuthenticationCode<Message: Sequence, Key: Sequence>(
        _ code: [UInt8], for message: Message, key: Key
    ) -> Bool where Message.Element == UInt8, Key.Element == UInt8 {
        constantTimeEquals(code, authenticationCode(for: message, key: key))
    }

    /// True when `a` and `b` are equal, in time that depends only on their lengths.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<a.count { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
