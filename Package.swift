// swift-tools-version:6.1
// aifleet: a Kubernetes operator for fleets of AI microservices. Layout and dependency direction are
// in DESIGN.md: CCurl/CYAML <- KubeCore <- KubeClient <- KubeRuntime <- FleetOperator <- aifleet;
// Fleet and KubeSim depend on KubeCore only; CZstd (libzstd) and CParkingLock are KubeRuntime's alone.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "aifleet",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "aifleet", targets: ["aifleet"]),
        .library(name: "KubeCore", targets: ["KubeCore"]),
        .library(name: "KubeClient", targets: ["KubeClient"]),
        .library(name: "KubeRuntime", targets: ["KubeRuntime"]),
        .library(name: "KubeSim", targets: ["KubeSim"]),
        .library(name: "Fleet", targets: ["Fleet"]),
        .library(name: "FleetOperator", targets: ["FleetOperator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        // Traits off: configuration support and full Foundation are not used and cost build time.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // Already in the graph through Hummingbird; named for the test server's HTTP part types.
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // KubeSim generates its CA and serving certificate in-process, so `aifleet dev` needs no openssl
        // (all three are already in the graph through Hummingbird's swift-nio-extras).
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        // Child processes (exec credential plugins; kubectl and aifleet in tests and benchmarks): Foundation's
        // Process on Swift 6.3.1 over-reads a dirent while spawning and crashes the parent about once in
        // five runs of a suite that spawns (swift-corelibs-foundation#5472). Subprocess spawns with
        // clone3 and close_range and watches the child through a pidfd.
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
    ],
    targets: [
        // MARK: C libraries
        .systemLibrary(
            name: "CLibCurl", path: "Sources/CCurl/System", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "CCurl", dependencies: ["CLibCurl"], path: "Sources/CCurl/Shim"),
        .systemLibrary(
            name: "CYAML", path: "Sources/CYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]),
        // Compresses the caches of many objects (KubeRuntime's CompactCompression); libcurl already
        // links it, so it adds headers to the build and nothing to the running process.
        .systemLibrary(
            name: "CZstd", path: "Sources/CZstd", pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]),

        // The work queue's lock (KubeRuntime's ParkingMutex): poll briefly, then sleep on a futex.
        .target(name: "CParkingLock"),

        // MARK: Libraries
        .target(
            name: "KubeCore",
            dependencies: ["CYAML", .product(name: "OrderedCollections", package: "swift-collections")],
            swiftSettings: strict),
        .target(
            name: "KubeClient",
            dependencies: [
                "KubeCore", "CCurl",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strict),
        .target(
            name: "KubeSim",
            dependencies: [
                "KubeCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict),
        .target(
            name: "KubeRuntime",
            dependencies: [
                "KubeCore", "KubeClient", "CZstd", "CParkingLock",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        .target(name: "Fleet", dependencies: ["KubeCore"], swiftSettings: strict),
        .target(
            name: "FleetOperator",
            dependencies: [
                "KubeCore", "KubeClient", "KubeRuntime", "Fleet",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),

        // MARK: Executable
        .executableTarget(
            name: "aifleet",
            dependencies: [
                "KubeCore", "KubeClient", "KubeSim", "KubeRuntime", "Fleet", "FleetOperator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),

        // MARK: Benchmarks (hack/bench.sh runs them in release mode)
        .executableTarget(
            name: "aifleet-bench",
            dependencies: [
                "KubeCore", "KubeClient", "KubeRuntime", "KubeSim", "Fleet", "TestSupport",
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Benchmarks/aifleet-bench",
            swiftSettings: strict),

        // MARK: Tests
        // Local HTTP/1.1 and HTTP/2-over-TLS servers with generated certificates, and kubectl, for
        // transport tests and benchmarks; never linked into the product.
        .target(
            name: "TestSupport",
            dependencies: [
                "KubeClient", "KubeSim",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: strict),
        .testTarget(name: "KubeCoreTests", dependencies: ["KubeCore"], swiftSettings: strict),
        .testTarget(
            name: "KubeClientTests", dependencies: ["KubeClient", "KubeCore", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "KubeSimTests", dependencies: ["KubeSim", "KubeClient", "KubeCore", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "KubeRuntimeTests",
            dependencies: [
                "KubeRuntime", "KubeClient", "KubeSim", "KubeCore",
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict),
        // Golden files and fixtures are read from the source tree by path, not bundled.
        .testTarget(
            name: "FleetTests",
            dependencies: [
                "Fleet", "KubeCore", "KubeClient",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ], exclude: ["Golden", "Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "FleetOperatorTests",
            dependencies: [
                "FleetOperator", "Fleet", "KubeRuntime", "KubeSim", "KubeClient", "KubeCore", "TestSupport",
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict),
    ]
)
