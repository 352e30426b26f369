/// A growable buffer of plain values (bytes, frames) in memory of its own, for the encoder's
/// hot paths: no copy-on-write checks, no exclusivity checks. Its owner frees it (`free()`),
/// and never copies it.
struct SnapshotBuffer<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    init(repeating element: Element, count: Int) {
        self.init(capacity: count)
        base.initialize(repeating: element, count: count)
        self.count = count
    }

    /// Frees the memory; the buffer must not be used afterwards.
    func free() {
        base.deinitialize(count: count)
        base.deallocate()
    }

    private mutating func grow(to minimum: Int) {
        var newCapacity = capacity * 2
        while newCapacity < minimum { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func reserve(_ more: Int) {
        if count + more > capacity { grow(to: count + more) }
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow(to: count + 1) }
        (base + count).initialize(to: element)
        count += 1
    }

    @inline(__always)
    mutating func removeLast() -> Element {
        count -= 1
        return (base + count).move()
    }

    subscript(index: Int) -> Element {
        @inline(__always) get { base[index] }
        @inline(__always) nonmutating set { base[index] = newValue }
    }

    func withBytes<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }
}

extension SnapshotBuffer where Element == UInt8 {
    @inline(__always)
    mutating func append(_ a: UInt8, _ b: UInt8, _ c: UInt8) {
        reserve(3)
        base[count] = a
        base[count + 1] = b
        base[count + 2] = c
        count += 3
    }

    @inline(__always)
    mutating func appendVarint(_ n: UInt64) {
        reserve(10)
        var n = n
        while n >= 0x80 {
            base[count] = UInt8(truncatingIfNeeded: n) | 0x80
            count += 1
            n >>= 7
        }
        base[count] = UInt8(n)
        count += 1
    }

    /// Writes `n` as a varint over the bytes from `at` (which the caller made room for).
    mutating func putVarint(_ n: UInt64, at: inout Int) {
        var n = n
        while n >= 0x80 {
            base[at] = UInt8(truncatingIfNeeded: n) | 0x80
            at += 1
            n >>= 7
        }
        base[at] = UInt8(n)
        at += 1
    }

    /// Makes the `old` bytes at `at` `new` bytes long, moving what follows.
    mutating func widen(at: Int, from old: Int, to new: Int) {
        guard new != old else { return }
        reserve(new - old)
        (base + at + new).moveInitialize(from: base + at + old, count: count - at - old)
        count += new - old
    }
}
