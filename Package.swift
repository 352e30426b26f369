// swift-tools-version:5.10
import PackageDescription

// No package dependencies: Foundation, Dispatch, the C library and XCTest only.
let package = Package(
    name: "IPLedger",
    products: [
        .executable(name: "ipledger", targets: ["ipledger"]),
        .library(name: "LedgerCore", targets: ["LedgerCore"]),
    ],
    targets: [
        .target(name: "LedgerCore"),
        .target(name: "LedgerStore", dependencies: ["LedgerCore"]),
        .target(name: "IPProtection", dependencies: ["LedgerCore"], exclude: ["README.md"]),
        .target(name: "Projections", dependencies: ["LedgerCore", "IPProtection"], exclude: ["README.md"]),
        .target(name: "LedgerCLI", dependencies: ["LedgerCore", "LedgerStore", "IPProtection", "Projections"]),
        .executableTarget(name: "ipledger", dependencies: ["LedgerCLI"]),
        // Realistic generated ledgers for tests and measurements; not shipped.
        .target(name: "LedgerFixtures", dependencies: ["LedgerCore"]),
        .executableTarget(name: "ledger-fixtures", dependencies: ["LedgerFixtures"]),
        .testTarget(name: "LedgerCoreTests", dependencies: ["LedgerCore"]),
        .testTarget(name: "LedgerStoreTests", dependencies: ["LedgerStore", "LedgerCore"]),
        .testTarget(name: "IPProtectionTests", dependencies: ["IPProtection", "LedgerCore"]),
        .testTarget(name: "ProjectionsTests", dependencies: ["Projections", "IPProtection", "LedgerCore", "LedgerFixtures"]),
        .testTarget(name: "LedgerCLITests", dependencies: ["LedgerCLI", "LedgerStore", "LedgerCore", "LedgerFixtures"]),
    ]
)
