// swift-tools-version:6.1
import PackageDescription

/// libFuzzer targets over the parsers that read untrusted input: the frame
/// decoder, protobuf payloads of every request type, the console's script
/// lines (tokenizer, then conditions), the CSV reader with a flow's
/// `factures.csv` read from it, and the UBL/CII reader with the rules. A package of its
/// own so that the main build never needs `-sanitize=fuzzer`; built and run
/// by scripts/fuzz.
let package = Package(
    name: "facturo-fuzz",
    dependencies: [
        .package(name: "facturo", path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .executableTarget(name: "FuzzFrameDecoder", dependencies: [
            .product(name: "FacturoWire", package: "facturo"), .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
        ]),
        .executableTarget(name: "FuzzMessages", dependencies: [
            .product(name: "FacturoWire", package: "facturo"), .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),
        .executableTarget(name: "FuzzScriptLine", dependencies: [.product(name: "FacturoConsole", package: "facturo")]),
        .executableTarget(name: "FuzzCSVReader", dependencies: [.product(name: "FacturoDomain", package: "facturo")]),
        .executableTarget(name: "FuzzXMLReader", dependencies: [
            .product(name: "FacturoFormats", package: "facturo"), .product(name: "FacturoDomain", package: "facturo"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
