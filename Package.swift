// swift-tools-version: 6.2
import PackageDescription

let systemPackage: Target.Dependency = .product(name: "SystemPackage", package: "swift-system")

let package = Package(
    name: "pace",
    products: [
        .executable(name: "paced", targets: ["paced"]),
        .executable(name: "pace", targets: ["pace"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // The C boundary: the module map and one shim header over pkg-config's libsystemd. Nothing else.
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // Pure domain: events, pacing day, envelope, reminder policy. Depends on nothing.
        .target(name: "PaceCore"),
        // Linux calls that Swift's Glibc module does not expose. Only the header and a small shim.
        .target(name: "CPaceSystem"),
        // Every raw system call the project makes, with errno turned into one error type.
        .target(
            name: "PaceSystem",
            dependencies: ["CPaceSystem", systemPackage]
        ),
        // The append-only event log and the state directory it lives in.
        .target(name: "PaceLog", dependencies: ["PaceCore", "PaceSystem"]),
        // Varlink wire format, interface descriptions, typed requests and replies, the client.
        .target(
            name: "PaceProtocol",
            dependencies: ["PaceCore", "PaceSystem"],
            plugins: ["EmbedVarlinkPlugin"]
        ),
        // The service: socket server, timers, signals, systemd glue.
        .target(
            name: "PaceDaemon",
            dependencies: [
                "PaceCore", "PaceLog", "PaceProtocol", "PaceSystem", "CSystemd",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "paced",
            dependencies: ["PaceDaemon", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "pace",
            dependencies: [
                "PaceCore", "PaceProtocol", "PaceSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Build tool: turns each `.varlink` interface file into a Swift string constant.
        .executableTarget(name: "EmbedVarlink"),
        .plugin(name: "EmbedVarlinkPlugin", capability: .buildTool(), dependencies: ["EmbedVarlink"]),

        .target(
            name: "PaceTestSupport",
            dependencies: ["PaceSystem", systemPackage],
            path: "Tests/PaceTestSupport"
        ),
        .testTarget(name: "PaceCoreTests", dependencies: ["PaceCore"]),
        .testTarget(name: "PaceSystemTests", dependencies: ["PaceSystem", "PaceTestSupport", systemPackage]),
        .testTarget(name: "PaceLogTests", dependencies: ["PaceLog", "PaceTestSupport", systemPackage]),
        .testTarget(name: "PaceProtocolTests", dependencies: ["PaceProtocol", "PaceTestSupport"]),
        .testTarget(
            name: "IntegrationTests",
            // `pace` itself, so the CLI's renderers and parsers are tested with fixed replies and a pinned clock.
            dependencies: ["pace", "PaceCore", "PaceProtocol", "PaceSystem", "PaceTestSupport", systemPackage]
        ),
    ]
)

for target in package.targets where target.type != .system && target.type != .plugin && target.name != "CPaceSystem" {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    // Debug builds (what `make test` builds) reject every warning; release builds for users do not,
    // so a newer compiler's new warning never stops someone from running Pace.
    settings.append(.treatAllWarnings(as: .error, .when(configuration: .debug)))
    target.swiftSettings = settings
}
