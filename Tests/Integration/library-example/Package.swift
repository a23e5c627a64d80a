// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "UsersToCSV",
    dependencies: [
        // A clone of SCIMStream next to this package. `package:` is the last component of the
        // path: name the clone's folder (or a link to it) `scimstream`.
        .package(path: "../scimstream")
    ],
    targets: [
        .executableTarget(name: "UsersToCSV", dependencies: [.product(name: "SCIMStream", package: "scimstream")])
    ]
)
