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
        .target(name: "ScenarioSpec", dependencies: ["CYAML"]),
        .target(name: "KafkaClient", dependencies: ["CRdKafka"]),
        .target(name: "ScenarioResults"),
        // The system under test: child processes and the HTTP client; knows nothing of scenarios.
        .target(name: "SystemUnderTest"),
        // Avro (through avro-c), JSON Schema, the Confluent wire format and the registry client; knows nothing of scenarios.
        .target(name: "SchemaCodecs", dependencies: ["CAvro", "ScenarioSpec", "SystemUnderTest"]),
        .target(name: "ScenarioEngine", dependencies: [
            "ScenarioSpec", "KafkaClient", "ScenarioResults", "SystemUnderTest", "SchemaCodecs",
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ]),
        .target(name: "Reports", dependencies: ["ScenarioResults"]),
        .executableTarget(name: "kafka-scenario", dependencies: [
            "ScenarioSpec", "KafkaClient", "ScenarioResults", "ScenarioEngine", "Reports",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "ScenarioSpecTests", dependencies: ["ScenarioSpec"], resources: [.copy("Golden")]),
        .testTarget(name: "KafkaClientTests", dependencies: ["KafkaClient"]),
        .testTarget(name: "SystemUnderTestTests", dependencies: ["SystemUnderTest"]),
        // The schema registry stand-in the codec and end-to-end tests share (no registry is installable here).
        .target(name: "RegistryStandIn", path: "Tests/Support/RegistryStandIn", exclude: ["registry_stand_in.py"]),
        .testTarget(name: "SchemaCodecsTests", dependencies: ["SchemaCodecs", "ScenarioSpec", "SystemUnderTest", "RegistryStandIn"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "ScenarioEngineTests", dependencies: [
            "ScenarioEngine", "SystemUnderTest", "SchemaCodecs",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports"], resources: [.copy("Expected")]),
        // Depends on the executable so that SwiftPM builds it before the tests run it (CLI.binary).
        .testTarget(name: "EndToEndTests", dependencies: ["kafka-scenario", "ScenarioResults", "SystemUnderTest", "RegistryStandIn"],
                    exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
