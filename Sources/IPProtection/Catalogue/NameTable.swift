/// A fixed set of names, each with a value, looked up by the names' UTF-8 bytes.
///
/// The fold reads every record's type and stream kind by name; hashing a name with
/// `Dictionary`'s SipHash costs more than all else that lookup does, so this table hashes
/// the length and the first and last eight bytes, then compares the bytes of the one
/// candidate found.
struct NameTable<Value>: @unchecked Sendable {
    // @unchecked: written only while it is built, in `init`.
    private var names: [[UInt8]] = []
    private var values: [Value] = []
    /// Open addressing: an index into `names` plus one, 0 for an empty slot.
    private var slots: [Int32]
    private let mask: Int

    init(_ entries: [(name: String, value: Value)]) {
        var size = 16
        while size < entries.count * 4 { size *= 2 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        for (name, value) in entries {
            let bytes = Array(name.utf8)
            precondition(bytes.withUnsafeBufferPointer { lookUp($0) } == nil, "\(name) is named twice")
            var slot = bytes.withUnsafeBufferPointer { NameTable.hash($0) } & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            names.append(bytes)
            values.append(value)
            slots[slot] = Int32(names.count)
        }
    }

    /// The value of `name`, if it is one of the table's names.
    func value(_ name: String) -> Value? {
        var name = name
        return name.withUTF8 { lookUp($0) }
    }

    /// The value of the name whose UTF-8 bytes are `bytes`, if it is one of the table's names.
    func lookUp(_ bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        var slot = NameTable.hash(bytes) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            if NameTable.equal(names[entry - 1], bytes) { return values[entry - 1] }
            slot = (slot + 1) & mask
        }
    }

    private static func equal(_ name: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.count == bytes.count else { return false }
        return name.withUnsafeBufferPointer { n in
            for i in 0..<n.count where n[i] != bytes[i] { return false }
            return true
        }
    }

    /// The length, and the first and last (up to) eight bytes, mixed.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var head: UInt64 = 0
        var tail: UInt64 = 0
        let n = bytes.count
        for i in 0..<min(8, n) { head = head << 8 | UInt64(bytes[i]) }
        for i in max(0, n - 8)..<n { tail = tail << 8 | UInt64(bytes[i]) }
        let mixed = (head &* 0x9E37_79B9_7F4A_7C15 ^ tail &* 0xC2B2_AE3D_27D4_EB4F ^ UInt64(n)) &* 0x1656_67B1_9E37_79F9
        return Int(truncatingIfNeeded: mixed >> 32)
    }
}
