// swift-tools-version:6.2
import PackageDescription

// Module boundaries follow ../shared/DESIGN.md: arrows only point down.
// LeveeCore stays free of NIO and IO so its tests build and run in seconds.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny"), .treatAllWarnings(as: .error)]

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
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0", traits: ["FullFoundation"]),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        .target(name: "LeveeCore", swiftSettings: strict),
        .target(
            name: "LeveeConfig",
            dependencies: [
                "LeveeCore", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // The storage protocols, their values and the schema's one history: no database library.
        .target(name: "LeveeStore", dependencies: ["LeveeCore"], swiftSettings: strict),
        // The protocols on SQLite (GRDB): the embedded default.
        .target(
            name: "LeveeSQLite",
            dependencies: ["LeveeCore", "LeveeStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // The storage contract as checks any backend's tests run (Swift Testing): what SQLite and PostgreSQL both pass
        // and a third backend must. Only test targets depend on it.
        .target(name: "LeveeStoreContract", dependencies: ["LeveeCore", "LeveeStore"], swiftSettings: strict),
        // The same storage protocols on PostgreSQL, for several replicas sharing one database.
        .target(
            name: "LeveePostgres",
            dependencies: [
                "LeveeCore", "LeveeStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "LeveeGitHub",
            dependencies: [
                "LeveeCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "LeveeServer",
            dependencies: [
                "LeveeCore", "LeveeConfig", "LeveeStore", "LeveeGitHub",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The dashboard's templates and script, compiled into the binary: a deployment stays one file.
            resources: [.embedInCode("Dashboard/Templates")],
            swiftSettings: strict
        ),
        // A loopback GitHub for tests and demos: replays octokit's recorded REST exchanges and counts every write.
        .target(
            name: "LeveeFakeGitHub",
            dependencies: [
                "LeveeCore", "LeveeGitHub",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "LeveeCLI",
            dependencies: [
                "LeveeCore", "LeveeConfig", "LeveeStore", "LeveeSQLite", "LeveePostgres", "LeveeGitHub", "LeveeServer",
                "LeveeFakeGitHub", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "levee", dependencies: ["LeveeCLI"], swiftSettings: strict),
        // libFuzzer targets, built by scripts/fuzz with `--sanitize fuzzer --sanitize address -Xswiftc -DLEVEE_FUZZ`.
        .executableTarget(name: "levee-fuzz", dependencies: ["LeveeCore", "LeveeConfig"], swiftSettings: strict),
        // What several test targets need and test targets cannot share: child processes and threads of their own that
        // leave Swift's cooperative pool free (Tests/LeveeTestSupport). Foundation only.
        .target(name: "LeveeTestSupport", path: "Tests/LeveeTestSupport", swiftSettings: strict),
        .testTarget(name: "LeveeCoreTests", dependencies: ["LeveeCore", "LeveeTestSupport"], swiftSettings: strict),
        .testTarget(name: "LeveeConfigTests", dependencies: ["LeveeConfig"], swiftSettings: strict),
        .testTarget(
            name: "LeveeStoreTests",
            dependencies: ["LeveeStore", "LeveeSQLite", "LeveePostgres", "LeveeStoreContract"],
            swiftSettings: strict),
        .testTarget(
            name: "LeveeGitHubTests", dependencies: ["LeveeGitHub", "LeveeFakeGitHub", "LeveeTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "LeveeServerTests",
            dependencies: [
                "LeveeServer", "LeveeFakeGitHub", "LeveeGitHub", "LeveeStore", "LeveeSQLite", "LeveePostgres",
                "LeveeConfig", "LeveeTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Snapshots"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LeveeCLITests",
            dependencies: [
                "LeveeCLI", "LeveeStore", "LeveeSQLite", "LeveePostgres", "LeveeFakeGitHub", "LeveeTestSupport",
            ],
            exclude: ["golden"],
            swiftSettings: strict),
    ]
)
