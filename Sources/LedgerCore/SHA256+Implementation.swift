import Foundation
#if arch(x86_64)
import _Builtin_intrinsics.intel.cpuid
import SHA256Accelerated
#endif

extension SHA256 {
    /// Which compression function a hasher runs. Both give the same digests; the
    /// differential tests hold them to it.
    enum Implementation: String, Sendable, CaseIterable {
        /// The unrolled Swift compression function in `SHA256.swift`: runs anywhere.
        case portable
        /// The x86 SHA extensions (`SHA256Accelerated`), about three to four times faster.
        case shaExtensions

        /// Whether this CPU can run it.
        var isAvailable: Bool {
            switch self {
            case .portable: return true
            case .shaExtensions: return SHA256.cpuHasSHAExtensions
            }
        }
    }

    /// What `SHA256()` uses in this process, chosen once: the SHA extensions when the CPU
    /// has them, unless the environment says `IPLEDGER_SHA256=portable`.
    static let processImplementation: Implementation = choose(
        environment: getenv("IPLEDGER_SHA256").map { String(cString: $0) }, cpuHasSHAExtensions: cpuHasSHAExtensions)

    /// The implementation for `IPLEDGER_SHA256` set to `environment` (`nil`: unset) on a CPU
    /// that has the SHA extensions or not. Only `portable` means anything; any other value
    /// leaves the choice to the CPU.
    static func choose(environment: String?, cpuHasSHAExtensions: Bool) -> Implementation {
        if environment == Implementation.portable.rawValue { return .portable }
        return cpuHasSHAExtensions ? .shaExtensions : .portable
    }

    /// Whether CPUID reports the SHA extensions (leaf 7, EBX bit 29) and the SSSE3 and
    /// SSE4.1 instructions the accelerated compression also uses (leaf 1, ECX bits 9 and 19).
    static let cpuHasSHAExtensions: Bool = {
        #if arch(x86_64)
        var eax: UInt32 = 0, ebx: UInt32 = 0, ecx: UInt32 = 0, edx: UInt32 = 0
        guard __get_cpuid(1, &eax, &ebx, &ecx, &edx) != 0 else { return false }
        let ssse3 = ecx & (1 << 9) != 0, sse41 = ecx & (1 << 19) != 0
        guard __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) != 0 else { return false }
        return ssse3 && sse41 && ebx & (1 << 29) != 0
        #else
        return false
        #endif
    }()

    /// Compresses `blocks` consecutive 64-byte blocks at `p` into `state` with `implementation`.
    @inline(__always)
    static func compress(_ state: inout State, _ p: UnsafeRawPointer, blocks: Int, with implementation: Implementation) {
        #if arch(x86_64)
        if implementation == .shaExtensions {
            withUnsafeMutableBytes(of: &state) { words in
                SHA256Extensions.compress(words.baseAddress!.assumingMemoryBound(to: UInt32.self), p, blocks: blocks)
            }
            return
        }
        #endif
        compressPortable(&state, p, blocks: blocks)
    }
}
