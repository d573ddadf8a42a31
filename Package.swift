// swift-tools-version:6.1
import PackageDescription

/// One package, one target per layer of `../shared/spec/design.md`.
/// The executables stay thin: everything they do lives in a library target
/// so that tests can drive it without spawning processes.
let package = Package(
    name: "facturo",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "facturo-server", targets: ["facturo-server"]),
        .executable(name: "facturo", targets: ["facturo"]),
        .executable(name: "facturo-bench", targets: ["facturo-bench"]),
        // For the fuzz targets (Fuzz/Package.swift), built apart with the
        // fuzzer sanitizer so that a plain `swift build` never needs it.
        .library(name: "FacturoWire", targets: ["FacturoWire"]),
        .library(name: "FacturoConsole", targets: ["FacturoConsole"]),
        .library(name: "FacturoDomain", targets: ["FacturoDomain"]),
        .library(name: "FacturoFormats", targets: ["FacturoFormats"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // Pure business rules: Foundation only, no I/O.
        .target(name: "FacturoDomain"),

        // Deposit certificates: Merkle trees of commit batches, Ed25519
        // signatures, offline verification (server and console alike).
        .target(
            name: "FacturoCertificates",
            dependencies: ["FacturoDomain", .product(name: "Crypto", package: "swift-crypto")]
        ),

        // Persistence contract and its SQLite implementation.
        .target(
            name: "FacturoStore",
            dependencies: [
                "FacturoDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
                // Files are kept content-addressed by SHA-256.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        // Frames, message schema, request and event catalogues, error codes,
        // version negotiation. No sockets, no business types.
        .target(
            name: "FacturoWire",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            exclude: ["Proto"]
        ),

        .target(
            name: "FacturoServer",
            dependencies: [
                "FacturoDomain", "FacturoStore", "FacturoWire", "FacturoCertificates", "FacturoArchive", "FacturoFormats",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),

        .target(
            name: "FacturoClient",
            dependencies: [
                "FacturoWire", "FacturoDomain",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),

        .systemLibrary(name: "CReadline"),
        .systemLibrary(name: "CZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev"])]),

        // Zip archives read with bounds (flows): entries counted and sized
        // by what is actually inflated, never by what the archive claims.
        .target(name: "FacturoArchive", dependencies: ["CZip"]),

        // Structured invoices (EN 16931): UBL 2.1 and CII D16B read with
        // Foundation's streaming XMLParser and written back, the standard's
        // rules checked with their official ids, and readable PDFs (libharu).
        .systemLibrary(name: "CHaru", providers: [.apt(["libhpdf-dev"])]),
        .target(name: "FacturoFormats", dependencies: ["FacturoDomain", "CHaru"]),

        // The console may read the domain's closed vocabularies (applications,
        // roles, levels): the domain is pure, without I/O.
        .target(
            name: "FacturoConsole",
            dependencies: [
                "FacturoClient", "FacturoWire", "FacturoDomain", "FacturoCertificates", "FacturoFormats", "CReadline",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        .executableTarget(
            name: "facturo-server",
            dependencies: [
                "FacturoServer",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "facturo",
            dependencies: [
                "FacturoConsole",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Benchmarks (scripts/bench): measured, never asserted in tests.
        .target(
            name: "FacturoBench",
            dependencies: [
                "FacturoServer", "FacturoClient", "FacturoConsole", "FacturoStore", "FacturoDomain", "FacturoWire", "FacturoCertificates", "FacturoFormats",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "facturo-bench",
            dependencies: [
                "FacturoBench", "FacturoClient", "FacturoServer", "FacturoCertificates",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "FacturoDomainTests", dependencies: ["FacturoDomain"]),
        .testTarget(name: "FacturoFormatsTests", dependencies: ["FacturoFormats", "FacturoDomain"]),
        .testTarget(name: "FacturoCertificatesTests", dependencies: ["FacturoCertificates", "FacturoDomain", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(
            name: "FacturoStoreTests",
            dependencies: ["FacturoStore", "FacturoDomain", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "FacturoWireTests",
            dependencies: [
                "FacturoWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "FacturoServerTests",
            dependencies: [
                "FacturoServer", "FacturoClient", "FacturoStore", "FacturoWire", "FacturoDomain", "FacturoCertificates", "FacturoArchive", "FacturoFormats",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                // To tamper with a database behind the server's back.
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "FacturoConsoleTests",
            dependencies: [
                "FacturoConsole", "FacturoClient", "FacturoWire", "FacturoDomain",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
