/// Number formatting for `CanonicalJSON`: ECMAScript's Number::toString (ECMA-262
/// section 6.1.6.1.20), which RFC 8785 section 3.2.2.3 adopts.
///
/// The shortest digits that round-trip, closest to the value when several are as
/// short, come from Swift's `Double.description` (which guarantees exactly that);
/// they are then laid out as ECMAScript does. Integers below 2^53 skip the detour:
/// their exact decimal digits are already the shortest.
extension CanonicalJSON {
    /// A double as ECMAScript's Number.prototype.toString writes it (RFC 8785 section 3.2.2.3).
    ///
    /// `-0` is written `0`; integers below 10^21 in full (`1e+21` from there on);
    /// other values with the fewest digits that read back as the same double, in
    /// exponent form (`1e-7`, `1.5e+300`) below 10^-6 and from 10^21.
    /// NaN and infinities have no JSON form; callers never pass them (the parser
    /// refuses them), and should one come, it is written as `null`.
    public static func formatNumber(_ value: Double) -> String {
        var out: [UInt8] = []
        writeNumber(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `formatNumber(value)` to `out` as UTF-8.
    public static func writeNumber(_ value: Double, into out: inout [UInt8]) {
        guard value.isFinite else {
            appendLiteral("null", to: &out)
            return
        }
        if value == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            magnitude = -value
        }
        if magnitude < 9_007_199_254_740_992, magnitude.rounded(.towardZero) == magnitude {
            appendDecimal(UInt64(magnitude), to: &out)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { digits in
            let (count, n) = shortestDigits(of: magnitude, into: digits)
            layOut(digits: UnsafeBufferPointer(rebasing: digits[0..<count]), pointPosition: n, into: &out)
        }
    }

    /// The shortest round-trip digits of a positive finite `value` as ASCII in
    /// `digits` (no leading or trailing zeros), and `n` such that the value is
    /// 0.d1d2d3... × 10^n: ECMAScript's `k` is the count and `s` the digits.
    static func shortestDigits(of value: Double, into digits: UnsafeMutableBufferPointer<UInt8>) -> (count: Int, n: Int) {
        // Swift writes e.g. "123.456", "0.0001", "1e-07", "1.5e+300", "100.0".
        var count = 0
        var seenNonZero = false
        var leadingZeros = 0
        var allDigits = 0
        var integerDigits = -1
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for c in value.description.utf8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent &* 10 &+ Int(c &- UInt8(ascii: "0"))
                } else {
                    allDigits &+= 1
                    if !seenNonZero && c == UInt8(ascii: "0") {
                        leadingZeros &+= 1
                    } else {
                        seenNonZero = true
                        if count < digits.count { digits[count] = c }
                        count &+= 1
                    }
                }
            case UInt8(ascii: "."): integerDigits = allDigits
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "-"): exponentSign = -1
            default: break
            }
        }
        if integerDigits < 0 { integerDigits = allDigits }
        count = min(count, digits.count)
        while count > 1 && digits[count &- 1] == UInt8(ascii: "0") { count &-= 1 }
        return (count, integerDigits &- leadingZeros &+ exponentSign &* exponent)
    }

    /// Writes digits `s` (k of them) for the value s × 10^(n−k) as ECMAScript does.
    static func layOut(digits s: UnsafeBufferPointer<UInt8>, pointPosition n: Int, into out: inout [UInt8]) {
        let k = s.count
        if k <= n && n <= 21 {
            out.append(contentsOf: s)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n &- k))
        } else if 0 < n && n <= 21 {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: s[0..<n]))
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: UnsafeBufferPointer(rebasing: s[n...]))
        } else if -6 < n && n <= 0 {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -n))
            out.append(contentsOf: s)
        } else {
            out.append(s[0])
            if k > 1 {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: UnsafeBufferPointer(rebasing: s[1...]))
            }
            out.append(UInt8(ascii: "e"))
            let e = n &- 1
            out.append(e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            appendDecimal(UInt64(e.magnitude), to: &out)
        }
    }

    /// Appends the decimal digits of `value`.
    static func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var v = value
            var i = buffer.count
            while v > 0 {
                i &-= 1
                buffer[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
                v /= 10
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i...]))
        }
    }
}
