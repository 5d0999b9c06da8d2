// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "kafka-scenario",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kafka-scenario", targets: ["kafka-scenario"]),
        // For Fuzz/, a separate package that fuzzes the file → model path.
        .library(name: "ScenarioSpec", targets: ["ScenarioSpec"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        // Test only: generators and seeded randomness for the verdict oracle's property tests.
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
    ],
    targets: [
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CAvro", pkgConfig: "avro-c", providers: [.apt(["libavro-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Latency histograms in HdrHistogram's compressed form, written by a load step and merged by `report`.
        .target(name: "LatencyHistogram", dependencies: ["CZlib", .product(name: "Histogram", package: "hdrhistogram-swift")]),
        // JSON values, the one JSON reader and writer, UTF-8 checks: shared by ScenarioSpec and SchemaCodecs.
        .target(name: "JSONValues"),
        // Google's protobuf 3.21 (Debian's libprotobuf-dev, libprotoc-dev) behind a C API: .proto parsing and dynamic messages.
        .target(name: "CProtobuf", linkerSettings: [.linkedLibrary("protoc"), .linkedLibrary("protobuf")]),
        .target(name: "ScenarioSpec", dependencies: ["CYAML", "JSONValues"]),
        .target(name: "KafkaClient", dependencies: ["CRdKafka"]),
        .target(name: "ScenarioResults"),
        // The system under test: child processes and the HTTP client; knows nothing of scenarios.
        .target(name: "SystemUnderTest"),
        // Avro (through avro-c), Protobuf (through CProtobuf), JSON Schema, the Confluent wire format and the registry client; knows nothing of scenarios.
        .target(name: "SchemaCodecs", dependencies: ["CAvro", "CProtobuf", "JSONValues", "SystemUnderTest"]),
        .target(name: "ScenarioEngine", dependencies: [
            "ScenarioSpec", "KafkaClient", "ScenarioResults", "SystemUnderTest", "SchemaCodecs", "LatencyHistogram",
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ]),
        .target(name: "Reports", dependencies: ["ScenarioResults", "LatencyHistogram"]),
        .executableTarget(name: "kafka-scenario", dependencies: [
            "ScenarioSpec", "KafkaClient", "ScenarioResults", "ScenarioEngine", "Reports",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "ScenarioSpecTests", dependencies: ["TestSupport", "ScenarioSpec"], resources: [.copy("Golden")]),
        .testTarget(name: "KafkaClientTests", dependencies: ["TestSupport", "KafkaClient"]),
        .testTarget(name: "SystemUnderTestTests", dependencies: ["TestSupport", "SystemUnderTest"]),
        // The schema registry stand-in the codec and end-to-end tests share (no registry is installable here).
        .target(name: "RegistryStandIn", path: "Tests/Support/RegistryStandIn", exclude: ["registry_stand_in.py"]),
        // missingPart(_:): a missing tool skips a test on a developer's machine and fails it under CI.
        .target(name: "TestSupport", path: "Tests/Support/TestSupport"),
        .testTarget(name: "SchemaCodecsTests", dependencies: ["TestSupport", "SchemaCodecs", "ScenarioSpec", "SystemUnderTest", "RegistryStandIn"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "ScenarioEngineTests", dependencies: [
            "TestSupport", "ScenarioEngine", "SystemUnderTest", "SchemaCodecs",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "ReportsTests", dependencies: ["TestSupport", "Reports", "LatencyHistogram", "ScenarioResults"], resources: [.copy("Expected")]),
        // Depends on the executable so that SwiftPM builds it before the tests run it (CLI.binary).
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "kafka-scenario", "ScenarioResults", "SystemUnderTest", "RegistryStandIn",
                                                         "SchemaCodecs", "ScenarioSpec"],
                    exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
