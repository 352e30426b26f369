extension SHA256 {
    /// A 32-byte SHA-256 digest, held inline so that making, copying and comparing one allocates nothing.
    ///
    /// Merkle trees (RFC 9162 section 2.1) make millions of these; keeping the bytes in four words
    /// instead of an array keeps tree building and proof checking free of heap traffic.
    public struct Digest: Hashable, Sendable, CustomStringConvertible {
        /// The 32 bytes in order, as four words in memory order (not numbers: never read their values).
        private var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

        /// The digest with these 32 bytes; anything but 32 bytes is a programming error.
        public init(bytes: [UInt8]) {
            precondition(bytes.count == 32, "a SHA-256 digest has 32 bytes")
            withUnsafeMutableBytes(of: &storage) { $0.copyBytes(from: bytes) }
        }

        /// The digest with the first 32 bytes at `raw`, which must hold at least 32 bytes.
        public init(copying raw: UnsafeRawBufferPointer) {
            precondition(raw.count >= 32, "a SHA-256 digest has 32 bytes")
            withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<32])) }
        }

        /// The digest whose bytes are the big-endian forms of the eight hash words (FIPS 180-4 section 6.2.2 step 4).
        init(state: SHA256.State) {
            withUnsafeMutableBytes(of: &storage) { p in
                p.storeBytes(of: state.0.bigEndian, toByteOffset: 0, as: UInt32.self)
                p.storeBytes(of: state.1.bigEndian, toByteOffset: 4, as: UInt32.self)
                p.storeBytes(of: state.2.bigEndian, toByteOffset: 8, as: UInt32.self)
                p.storeBytes(of: state.3.bigEndian, toByteOffset: 12, as: UInt32.self)
                p.storeBytes(of: state.4.bigEndian, toByteOffset: 16, as: UInt32.self)
                p.storeBytes(of: state.5.bigEndian, toByteOffset: 20, as: UInt32.self)
                p.storeBytes(of: state.6.bigEndian, toByteOffset: 24, as: UInt32.self)
                p.storeBytes(of: state.7.bigEndian, toByteOffset: 28, as: UInt32.self)
            }
        }

        /// Parses 64 hex digits (either case); `nil` for anything else.
        public init?(hex: String) {
            guard let bytes = Hex.decode(hex), bytes.count == 32 else { return nil }
            self.init(bytes: bytes)
        }

        /// The 32 bytes, as a new array.
        public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

        /// Calls `body` with the 32 bytes, without copying them to the heap.
        public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try Swift.withUnsafeBytes(of: storage, body)
        }

        /// 64 lowercase hex digits, as the ledger writes hashes.
        public var hex: String { withUnsafeBytes { Hex.encode($0) } }
        public var description: String { hex }

        public static func == (a: Digest, b: Digest) -> Bool {
            a.storage.0 == b.storage.0 && a.storage.1 == b.storage.1
                && a.storage.2 == b.storage.2 && a.storage.3 == b.storage.3
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(storage.0)
            hasher.combine(storage.1)
            hasher.combine(storage.2)
            hasher.combine(storage.3)
        }

        /// The digest of the empty string: the root of an empty Merkle tree.
        public static let empty = SHA256.hash([UInt8]())
        /// 32 zero bytes: `prev` of the first line.
        public static let zero = Digest(bytes: [UInt8](repeating: 0, count: 32))
    }
}
