// swift-tools-version:6.0
import PackageDescription

// Module boundaries follow ../shared/DESIGN.md: arrows only point down.
// LeveeCore stays free of NIO and IO so its tests build and run in seconds.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny"), .unsafeFlags(["-warnings-as-errors"])]

let package = Package(
    name: "Levee",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "levee", targets: ["levee"]),
        .library(name: "LeveeCore", targets: ["LeveeCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .target(name: "LeveeCore", swiftSettings: strict),
        .target(
            name: "LeveeConfig",
            dependencies: ["LeveeCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .target(
            name: "LeveeStore",
            dependencies: ["LeveeCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .target(
            name: "LeveeGitHub",
            dependencies: ["LeveeCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "LeveeCLI",
            dependencies: [
                "LeveeCore", "LeveeConfig", "LeveeStore", "LeveeGitHub",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "levee", dependencies: ["LeveeCLI"], swiftSettings: strict),
        .testTarget(name: "LeveeCoreTests", dependencies: ["LeveeCore"], swiftSettings: strict),
        .testTarget(name: "LeveeConfigTests", dependencies: ["LeveeConfig"], swiftSettings: strict),
        .testTarget(name: "LeveeStoreTests", dependencies: ["LeveeStore"], swiftSettings: strict),
        .testTarget(name: "LeveeGitHubTests", dependencies: ["LeveeGitHub"], swiftSettings: strict),
        .testTarget(name: "LeveeCLITests", dependencies: ["LeveeCLI"], swiftSettings: strict),
    ]
)
