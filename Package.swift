// swift-tools-version:6.0
// SCIMStream: streaming SCIM 2.0 user records through composable transforms.
// Toolchain only: no package dependencies, by design.
import PackageDescription

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "SCIMStream",
    products: [
        .library(name: "SCIMStream", targets: ["SCIMStream"]),
        .executable(name: "scimstream", targets: ["scimstream"]),
        .executable(name: "scimstream-gen", targets: ["scimstream-gen"]),
        .executable(name: "scimstream-bench", targets: ["scimstream-bench"]),
    ],
    targets: [
        .target(name: "SCIMStream", swiftSettings: strictSwift),
        .target(name: "SCIMSampleData", swiftSettings: strictSwift),
        .executableTarget(name: "scimstream", dependencies: ["SCIMStream"], swiftSettings: strictSwift),
        .executableTarget(name: "scimstream-gen", dependencies: ["SCIMSampleData"], swiftSettings: strictSwift),
        .executableTarget(
            name: "scimstream-bench",
            dependencies: ["SCIMStream", "SCIMSampleData"],
            path: "Benchmarks/SCIMStreamBenchmarks",
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "SCIMStreamTests",
            dependencies: ["SCIMStream", "SCIMSampleData"],
            exclude: ["Fixtures"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "scimstreamCLITests",
            dependencies: ["scimstream", "SCIMSampleData"],
            swiftSettings: strictSwift
        ),
    ],
    swiftLanguageModes: [.v6]
)
