import LedgerCore

/// `recorded` as the store writes it: `Timestamp.utcString`, formatted byte by byte.
///
/// An append formats one per event; the general formatter (any offset, string
/// interpolation and padding) costs as much as encoding the rest of the line.
enum RecordedTime {
    /// `time.utcString`, for years 0 to 9999 without building intermediate strings.
    static func text(_ time: Timestamp) -> String {
        let days = time.seconds >= 0 ? time.seconds / 86_400 : (time.seconds - 86_399) / 86_400
        let secondOfDay = Int(time.seconds - days * 86_400)
        let (year, month, day) = Timestamp.civilFromDays(Int(days))
        guard (0...9999).contains(year), time.nanoseconds >= 0 else { return time.utcString }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            var n = 0
            func digits(_ value: Int, _ width: Int) {
                var v = value
                for i in stride(from: width - 1, through: 0, by: -1) {
                    buffer[n + i] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
                n += width
            }
            func byte(_ c: Character) {
                buffer[n] = c.asciiValue!
                n += 1
            }
            digits(year, 4); byte("-"); digits(month, 2); byte("-"); digits(day, 2); byte("T")
            digits(secondOfDay / 3600, 2); byte(":"); digits(secondOfDay / 60 % 60, 2); byte(":"); digits(secondOfDay % 60, 2)
            var fraction = Int(time.nanoseconds)
            if fraction != 0 {
                var width = 9
                while fraction % 1000 == 0 {
                    fraction /= 1000
                    width -= 3
                }
                byte(".")
                digits(fraction, width)
            }
            byte("Z")
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<n]), as: UTF8.self)
        }
    }
}
