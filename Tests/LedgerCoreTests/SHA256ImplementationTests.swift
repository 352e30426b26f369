import Foundation
import XCTest
@testable import LedgerCore

/// The accelerated and the portable compression functions against each other, and how
/// the process chooses between them.
final class SHA256ImplementationTests: XCTestCase {
    /// SplitMix64: a small seeded generator, so a failure can be replayed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e3779b97f4a7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
            z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
            return z ^ (z >> 31)
        }
    }

    /// On a Linux CPU whose flags list `sha_ni`, CPUID must say so too, and the other way
    /// round: else the accelerated path would never run (or run where it cannot).
    func testCPUIDAgreesWithProcCPUInfo() throws {
        #if os(Linux) && arch(x86_64)
        let text = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        guard let flags = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else {
            return XCTFail("/proc/cpuinfo has no flags line")
        }
        let names = Set(flags.split(separator: " ").map(String.init))
        let expected = names.contains("sha_ni") && names.contains("ssse3") && names.contains("sse4_1")
        XCTAssertEqual(SHA256.cpuHasSHAExtensions, expected)
        XCTAssertEqual(SHA256.Implementation.shaExtensions.isAvailable, expected)
        #else
        XCTAssertFalse(SHA256.cpuHasSHAExtensions)
        #endif
    }

    func testEnvironmentForcesThePortablePath() {
        XCTAssertEqual(SHA256.choose(environment: nil, cpuHasSHAExtensions: true), .shaExtensions)
        XCTAssertEqual(SHA256.choose(environment: "portable", cpuHasSHAExtensions: true), .portable)
        XCTAssertEqual(SHA256.choose(environment: "", cpuHasSHAExtensions: true), .shaExtensions)
        XCTAssertEqual(SHA256.choose(environment: "shaExtensions", cpuHasSHAExtensions: false), .portable)
        XCTAssertEqual(SHA256.choose(environment: nil, cpuHasSHAExtensions: false), .portable)
        let forced = ProcessInfo.processInfo.environment["IPLEDGER_SHA256"]
        XCTAssertEqual(SHA256.processImplementation,
                       SHA256.choose(environment: forced, cpuHasSHAExtensions: SHA256.cpuHasSHAExtensions))
    }

    /// Random messages of 0 to 5000 bytes, fed whole and in random pieces, hash the same
    /// through both compression functions (and both agree with the one-shot default).
    func testAcceleratedMatchesPortableOnRandomInput() throws {
        guard SHA256.Implementation.shaExtensions.isAvailable else {
            throw XCTSkip("this CPU has no SHA extensions: only the portable path exists")
        }
        var random = Generator(state: 0x5348_4132_3536)
        for round in 0..<3000 {
            let length = Int.random(in: 0...5000, using: &random)
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            var cuts = (0..<Int.random(in: 0...6, using: &random)).map { _ in Int.random(in: 0...length, using: &random) }
            cuts.sort()
            var portable = SHA256(implementation: .portable)
            var accelerated = SHA256(implementation: .shaExtensions)
            var start = 0
            for cut in cuts + [length] {
                message[start..<cut].withUnsafeBytes {
                    portable.update($0)
                    accelerated.update($0)
                }
                start = cut
            }
            let want = portable.finalize()
            XCTAssertEqual(accelerated.finalize(), want, "round \(round): \(length) bytes cut at \(cuts)")
            XCTAssertEqual(SHA256.hash(message), want, "round \(round): \(length) bytes, default")
        }
    }

    /// A message that does not start on an aligned address hashes the same (the accelerated
    /// path loads unaligned).
    func testUnalignedInput() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for shift in 0..<16 {
            let slice = Array(message[shift...])
            let want = SHA256Tests.hash(slice, with: .portable)
            message.withUnsafeBytes { raw in
                for implementation in SHA256Tests.implementations {
                    var hasher = SHA256(implementation: implementation)
                    hasher.update(UnsafeRawBufferPointer(rebasing: raw[shift...]))
                    XCTAssertEqual(hasher.finalize(), want, "shift \(shift) \(implementation)")
                }
            }
        }
    }
}

/// Two messages hashed together (`SHA256.hash(_:_:)`) give each one's own digest.
final class SHA256PairTests: XCTestCase {
    func testPairsMatchSingleHashes() {
        var random = SHA256ImplementationTests.Generator(state: 0x5041_4952)
        for implementation in SHA256Tests.implementations {
            for round in 0..<2000 {
                // Mostly short, with every remainder modulo 64 (0, 55, 56, 63 among them), sometimes long.
                func length() -> Int { Int.random(in: 0...9, using: &random) == 0 ? Int.random(in: 0...5000, using: &random) : Int.random(in: 0...300, using: &random) }
                let a = (0..<length()).map { _ in UInt8.random(in: 0...255, using: &random) }
                let b = (0..<length()).map { _ in UInt8.random(in: 0...255, using: &random) }
                let (x, y) = a.withUnsafeBytes { ra in b.withUnsafeBytes { rb in SHA256.hash(ra, rb, with: implementation) } }
                XCTAssertEqual(x, SHA256Tests.hash(a, with: .portable), "round \(round) \(implementation): \(a.count) and \(b.count) bytes")
                XCTAssertEqual(y, SHA256Tests.hash(b, with: .portable), "round \(round) \(implementation): \(a.count) and \(b.count) bytes")
            }
            // An empty message without storage, beside one of each padding shape.
            for n in [0, 1, 55, 56, 63, 64, 119, 120, 128] {
                let b = [UInt8](repeating: 0x61, count: n)
                let (x, y) = b.withUnsafeBytes { SHA256.hash(UnsafeRawBufferPointer(start: nil, count: 0), $0, with: implementation) }
                XCTAssertEqual(x, .empty)
                XCTAssertEqual(y, SHA256Tests.hash(b, with: .portable), "\(n) bytes \(implementation)")
            }
        }
    }
}
