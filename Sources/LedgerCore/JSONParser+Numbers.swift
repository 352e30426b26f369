/// Numbers for `JSONReader`: the RFC 8259 number grammar and a correctly rounded value.
///
/// While the lexeme is checked, its digits are gathered into a 64-bit integer. When
/// that integer is at most 2^53 and the decimal exponent within ±22, one IEEE-754
/// multiplication or division by an exact power of ten gives the correctly rounded
/// double (Clinger's fast path). Every other lexeme goes to the standard library's
/// `Double(_:)`, which is correctly rounded and locale-independent.
extension JSONReader {
    /// Reads a number; `pos` is at its first byte (`-` or a digit).
    mutating func parseNumber() throws -> Double {
        let start = pos
        var i = pos
        let negative = bytes[i] == ASCII.minus
        if negative { i &+= 1 }

        var mantissa: UInt64 = 0
        var digits = 0          // digits gathered into `mantissa`, leading zeros included
        var fractionDigits = 0

        // int = zero / ( digit1-9 *DIGIT )
        guard i < count, isDigit(bytes[i]) else {
            throw failure("expected a digit after '-', found \(describe(at: i))", at: i)
        }
        if bytes[i] == ASCII.zero {
            i &+= 1
            if i < count && isDigit(bytes[i]) {
                throw failure("expected '.', 'e' or the end of the number after a leading '0' (leading zeros "
                              + "are not allowed), found \(describe(at: i))", at: i)
            }
        } else {
            while i < count && isDigit(bytes[i]) {
                gather(bytes[i], into: &mantissa, &digits)
                i &+= 1
            }
        }

        // frac = decimal-point 1*DIGIT
        if i < count && bytes[i] == ASCII.dot {
            i &+= 1
            guard i < count, isDigit(bytes[i]) else {
                throw failure("expected a digit after the decimal point, found \(describe(at: i))", at: i)
            }
            while i < count && isDigit(bytes[i]) {
                gather(bytes[i], into: &mantissa, &digits)
                fractionDigits &+= 1
                i &+= 1
            }
        }

        // exp = e [ minus / plus ] 1*DIGIT
        var exponent = 0
        if i < count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i &+= 1
            var negativeExponent = false
            if i < count && (bytes[i] == ASCII.minus || bytes[i] == ASCII.plus) {
                negativeExponent = bytes[i] == ASCII.minus
                i &+= 1
            }
            guard i < count, isDigit(bytes[i]) else {
                throw failure("expected a digit in the exponent, found \(describe(at: i))", at: i)
            }
            while i < count && isDigit(bytes[i]) {
                // Saturate: beyond a million the exponent only matters to the slow path.
                if exponent < 1_000_000 { exponent = exponent &* 10 &+ Int(bytes[i] &- ASCII.zero) }
                i &+= 1
            }
            if negativeExponent { exponent = -exponent }
        }
        pos = i

        if digits <= 19 {
            if mantissa == 0 { return negative ? -0.0 : 0.0 }
            let power = exponent &- fractionDigits
            if mantissa <= 1 << 53 && power >= -22 && power <= 22 {
                var value = Double(mantissa)
                if power < 0 { value /= Self.exactPowerOfTen(-power) } else { value *= Self.exactPowerOfTen(power) }
                return negative ? -value : value
            }
        }
        return try slowNumber(from: start, to: i)
    }

    @inline(__always)
    private func isDigit(_ c: UInt8) -> Bool {
        c &- ASCII.zero < 10
    }

    /// Adds one digit to the gathered integer; past 19 digits only the count grows.
    @inline(__always)
    private func gather(_ c: UInt8, into mantissa: inout UInt64, _ digits: inout Int) {
        if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(c &- ASCII.zero) }
        digits &+= 1
    }

    /// 10^n for 0 ≤ n ≤ 22: every one of these is exact in a double.
    @inline(__always)
    private static func exactPowerOfTen(_ n: Int) -> Double {
        switch n {
        case 0: return 1e0
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    /// Converts a lexeme the fast path cannot: correctly rounded by `Double(_:)`.
    /// Underflow gives zero or a subnormal and is accepted; overflow is refused.
    private func slowNumber(from start: Int, to end: Int) throws -> Double {
        let text = String(decoding: UnsafeBufferPointer(start: bytes + start, count: end &- start), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw failure("expected a number within a double's range (I-JSON), found \(excerpt(from: start, to: end)) "
                          + "(magnitude above 1.7976931348623157e308)", at: start)
        }
        return value
    }
}
