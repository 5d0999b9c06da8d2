// swift-tools-version:6.0
// The fuzz target for the scenario file → model path. A separate package so that the main
// package's `swift build` never builds it; scripts/fuzz.sh builds and runs it.
import PackageDescription

let package = Package(
    name: "kafka-scenario-fuzz",
    dependencies: [.package(name: "kafka-scenario", path: "..")],
    targets: [
        .executableTarget(
            name: "SpecLoaderFuzzer",
            dependencies: [.product(name: "ScenarioSpec", package: "kafka-scenario")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ],
    swiftLanguageModes: [.v5]
)
