// swift-tools-version:5.10
import PackageDescription

// No package dependencies: Foundation, Dispatch, the C library and XCTest only.

/// The SHA-256 compression on the x86 SHA extensions is compiled with the instruction sets it
/// uses, and only that small target is: LedgerCore calls it only when CPUID reports them.
#if arch(x86_64)
let shaExtensionFlags: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-msha", "-Xcc", "-mssse3", "-Xcc", "-msse4.1"])]
#else
let shaExtensionFlags: [SwiftSetting] = []
#endif

/// `ipledger` carries the Swift runtime and Foundation inside it rather than loading and
/// relocating them at every start: a command starts in about 4 ms instead of 11 on these
/// machines, and every whole-process figure of the benchmark drops by at least that. The flag
/// is given to the compiler as well, so that `import Foundation` names the static
/// libraries Foundation itself needs (ICU among them) to the linker. It is linked with the
/// toolchain's lld: gold would print, at every build, the C library's warning about the
/// `mktemp` that the static Foundation contains. Apple's platforms ship the runtime with
/// the system, so there it stays shared.
#if os(Linux)
let staticSwiftLibraries: [LinkerSetting] = [.unsafeFlags(["-static-stdlib", "-use-ld=lld"])]
let staticSwiftImports: [SwiftSetting] = [.unsafeFlags(["-static-stdlib"])]
#else
let staticSwiftLibraries: [LinkerSetting] = []
let staticSwiftImports: [SwiftSetting] = []
#endif

let package = Package(
    name: "IPLedger",
    products: [
        .executable(name: "ipledger", targets: ["ipledger"]),
        .library(name: "LedgerCore", targets: ["LedgerCore"]),
    ],
    targets: [
        .target(name: "SHA256Accelerated", swiftSettings: shaExtensionFlags),
        .target(name: "LedgerCore", dependencies: ["SHA256Accelerated"]),
        .target(name: "LedgerStore", dependencies: ["LedgerCore"]),
        .target(name: "IPProtection", dependencies: ["LedgerCore"], exclude: ["README.md"]),
        .target(name: "Projections", dependencies: ["LedgerCore", "IPProtection"], exclude: ["README.md"]),
        .target(name: "LedgerScenarios", dependencies: ["LedgerCore"]),
        .target(name: "LedgerCLI", dependencies: ["LedgerCore", "LedgerStore", "IPProtection", "Projections", "LedgerScenarios"]),
        .executableTarget(name: "ipledger", dependencies: ["LedgerCLI"], swiftSettings: staticSwiftImports,
                         linkerSettings: staticSwiftLibraries),
        // The benchmark (CONTRIBUTING.md): not part of `swift test`; CI runs it once at 100,000 events.
        .executableTarget(name: "ipledger-bench", dependencies: ["LedgerCLI", "LedgerStore", "IPProtection", "Projections", "LedgerScenarios",
                                                               "LedgerCore"]),
        // Test support only, not a product: LedgerStoreTests spawn it to append from other
        // processes (SIGKILL crash, concurrency, full disk, lock tests) and it measures
        // append throughput. It is built beside the test bundle and never installed.
        .executableTarget(name: "ledger-torture", dependencies: ["LedgerStore", "LedgerCore"]),
        // Realistic generated ledgers for the projection tests and measurements; not shipped.
        .target(name: "LedgerFixtures", dependencies: ["LedgerCore"]),
        .executableTarget(name: "ledger-fixtures", dependencies: ["LedgerFixtures"]),
        // Test support only, not a product and no dependency of ipledger: the fixtures, samples,
        // paths to ../shared and expected-file checks that several test targets share.
        .target(name: "LedgerTestSupport", dependencies: ["LedgerCore", "IPProtection"]),
        .testTarget(name: "LedgerCoreTests", dependencies: ["LedgerCore", "LedgerTestSupport"]),
        .testTarget(name: "LedgerStoreTests", dependencies: ["LedgerStore", "LedgerCore", "LedgerTestSupport"]),
        .testTarget(name: "IPProtectionTests", dependencies: ["IPProtection", "LedgerCore", "LedgerTestSupport"]),
        .testTarget(name: "ProjectionsTests",
                    dependencies: ["Projections", "IPProtection", "LedgerCore", "LedgerFixtures", "LedgerTestSupport"],
                    exclude: ["Expected"]),
        .testTarget(name: "LedgerScenariosTests", dependencies: ["LedgerScenarios", "IPProtection", "LedgerCore", "LedgerTestSupport"]),
        .testTarget(name: "LedgerCLITests", dependencies: ["LedgerCLI", "LedgerStore", "LedgerCore", "LedgerFixtures", "LedgerTestSupport"],
                    exclude: ["Expected"]),
    ]
)
