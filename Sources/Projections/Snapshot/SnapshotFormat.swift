import LedgerCore

/// The binary encoding of projection snapshots, shared by `SnapshotEncoder` and `SnapshotDecoder`.
///
/// A body is:
///
///     magic "IPLSNAP2" (8 bytes) | checksum (u64, little-endian) | root length (varint) | root | blocks
///
/// The checksum (`SnapshotChecksum`) covers every byte after itself. The root and each
/// block are *segments*: a string table, then values. A segment's string table is a varint
/// count, then each string as a varint byte length and its UTF-8 bytes; values refer to
/// strings (and keyed members to their names) by their varint index in it, so a name written
/// a hundred thousand times is stored once. Blocks are the parts of the large dictionaries
/// near the top of the value (cases, reports, versions ... by stream name): each part is
/// encoded, and decoded, on its own core. A value is one tag byte, then:
///
/// | tag | value | then |
/// | --- | --- | --- |
/// | `0x80 + n` | the integer `n`, 0 ... 127 | nothing |
/// | `0x00` | nil | nothing |
/// | `0x01`, `0x02` | false, true | nothing |
/// | `0x03` | an integer | its zigzag varint |
/// | `0x04` | an unsigned integer above `Int64.max` | its varint |
/// | `0x05` | a string | its varint index in the segment's table |
/// | `0x06` | a floating-point number | its 8 bytes (IEEE 754, little-endian) |
/// | `0x07` | a `Timestamp` | zigzag varints: seconds, nanoseconds, offset in seconds |
/// | `0x0C` | a `Timestamp` of whole seconds, its offset a multiple of 15 minutes within ±16 hours | varint: `zigzag(seconds - 1_700_000_000) << 7 \| (offset / 900 + 64)` |
/// | `0x08` | a keyed container | varint byte length of the rest, varint member count, then each member: varint name index, value |
/// | `0x09` | an unkeyed container | varint byte length of the rest, varint element count, then each element |
/// | `0x0A` | a dictionary keyed by strings, in blocks | varint entry count, varint block count, varint offset of its first block from the start of the blocks, then each block's varint length |
/// | `0x0B` | a dictionary (a keyed container whose names are its keys) | as `0x08` |
///
/// A block holds a varint entry count, then its string table, then its entries as keyed
/// members. Keyed containers write absent optionals as a member with nil, so that members
/// are read in the order they were written, each found at once.
enum SnapshotFormat {
    /// The first 8 bytes of a body: the encoding and its version.
    static let magic: [UInt8] = Array("IPLSNAP2".utf8)
    /// The magic and the checksum.
    static let headerSize = 16

    enum Tag {
        static let null: UInt8 = 0x00
        static let `false`: UInt8 = 0x01
        static let `true`: UInt8 = 0x02
        static let integer: UInt8 = 0x03
        static let unsigned: UInt8 = 0x04
        static let string: UInt8 = 0x05
        static let double: UInt8 = 0x06
        static let timestamp: UInt8 = 0x07
        static let keyed: UInt8 = 0x08
        static let unkeyed: UInt8 = 0x09
        static let blocks: UInt8 = 0x0A
        static let dictionary: UInt8 = 0x0B
        static let shortTimestamp: UInt8 = 0x0C
        /// Tags from here up are the small integers `tag - smallInteger`.
        static let smallInteger: UInt8 = 0x80
    }

    /// The seconds short timestamps count from (2023-11-14T22:13:20Z), so that the years
    /// around take four bytes and a little more.
    static let timestampBase: Int64 = 1_700_000_000

    /// `t` as one number (a short timestamp), if it is of whole seconds and its offset a
    /// multiple of 15 minutes within ±16 hours.
    @inline(__always)
    static func shortTimestamp(_ t: Timestamp) -> UInt64? {
        let offset = Int64(t.offsetSeconds)
        guard t.nanoseconds == 0, offset % 900 == 0, (-64 * 900..<64 * 900).contains(offset),
              t.seconds > Int64.min / 4 + timestampBase, t.seconds < Int64.max / 4 else { return nil }
        return zigzag(t.seconds - timestampBase) << 7 | UInt64(offset / 900 + 64)
    }

    /// The timestamp of a short timestamp's number.
    @inline(__always)
    static func timestamp(short n: UInt64) -> Timestamp {
        Timestamp(seconds: unzigzag(n >> 7) + timestampBase, nanoseconds: 0, offsetSeconds: Int32((Int64(n & 0x7F) - 64) * 900))
    }

    /// Appends `n` as a varint: 7 bits a byte, low bits first, the high bit set on every byte but the last.
    @inline(__always)
    static func appendVarint(_ n: UInt64, to bytes: inout [UInt8]) {
        var n = n
        while n >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: n) | 0x80)
            n >>= 7
        }
        bytes.append(UInt8(n))
    }

    /// The number of bytes of `n` as a varint.
    @inline(__always)
    static func varintSize(_ n: UInt64) -> Int {
        var n = n, size = 1
        while n >= 0x80 { n >>= 7; size += 1 }
        return size
    }

    /// `n` with its sign in the low bit, so that small negative numbers stay small.
    @inline(__always) static func zigzag(_ n: Int64) -> UInt64 { UInt64(bitPattern: n << 1 ^ n >> 63) }
    @inline(__always) static func unzigzag(_ n: UInt64) -> Int64 { Int64(bitPattern: n >> 1) ^ -Int64(bitPattern: n & 1) }
}
