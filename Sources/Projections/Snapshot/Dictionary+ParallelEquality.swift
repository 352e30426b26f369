import Dispatch
import Foundation

extension Dictionary where Value: Equatable {
    /// Whether the two dictionaries hold the same entries, the large ones checked in slices
    /// on all cores (the nightly rebuild compares hundreds of thousands of states).
    func equalsInParallel(_ other: [Key: Value]) -> Bool {
        guard count == other.count else { return false }
        guard count >= 4_096 else { return self == other }
        let parts = Swift.min(64, Swift.max(1, count / 2_048))
        var starts: [Index] = []
        starts.reserveCapacity(parts + 1)
        var index = startIndex
        for part in 0..<parts {
            starts.append(index)
            index = self.index(index, offsetBy: count * (part + 1) / parts - count * part / parts)
        }
        starts.append(endIndex)
        let differs = UnsafeMutablePointer<Bool>.allocate(capacity: parts)
        differs.initialize(repeating: false, count: parts)
        defer { differs.deallocate() }
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            var at = starts[part]
            while at != starts[part + 1] {
                guard let theirs = other[keys[at]], theirs == values[at] else {
                    differs[part] = true
                    return
                }
                formIndex(after: &at)
            }
        }
        return !(0..<parts).contains { differs[$0] }
    }
}
